package io.paybus.infra.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe webhook deliveries built from Stripe's own fixture objects in
 * {@code provider-samples/stripe/object-fixtures.json}, for tests and the demo sender.
 *
 * <p>Only the fields a scenario needs are set on a copy of the fixture (ids, status, amounts,
 * metadata); everything else stays as Stripe shaped it. Signatures are computed here with plain
 * HMAC-SHA256, independently of stripe-java, so a test of our verifier is not the library
 * checking itself.
 */
public final class StripeSamples {

    /** Where the samples are: system property {@code paybus.provider-samples}, else ./provider-samples. */
    public static final String LOCATION_PROPERTY = "paybus.provider-samples";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonNode fixtures;

    private StripeSamples(JsonNode fixtures) {
        this.fixtures = fixtures;
    }

    public static Path defaultLocation() {
        return Path.of(System.getProperty(LOCATION_PROPERTY, "provider-samples"));
    }

    public static StripeSamples load() {
        return load(defaultLocation());
    }

    public static StripeSamples load(Path samplesDirectory) {
        Path file = samplesDirectory.resolve("stripe").resolve("object-fixtures.json");
        try {
            return new StripeSamples(MAPPER.readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Stripe fixtures at " + file.toAbsolutePath(), e);
        }
    }

    /** A {@code payment_intent.succeeded} event for {@code amount} of {@code currency}. */
    public String paymentIntentSucceeded(String eventId, String orderId, String intentId, long amount,
            String currency, long created) {
        ObjectNode intent = object("payment_intent", intentId, orderId);
        intent.put("status", "succeeded");
        intent.put("amount", amount);
        intent.put("amount_received", amount);
        intent.put("currency", currency);
        intent.putNull("last_payment_error");
        return event(eventId, "payment_intent.succeeded", created, intent);
    }

    /** A {@code payment_intent.payment_failed} event with a card decline. */
    public String paymentIntentFailed(String eventId, String orderId, String intentId, long amount, String currency,
            long created) {
        ObjectNode intent = object("payment_intent", intentId, orderId);
        intent.put("status", "requires_payment_method");
        intent.put("amount", amount);
        intent.put("amount_received", 0);
        intent.put("currency", currency);
        ObjectNode error = intent.putObject("last_payment_error");
        error.put("type", "card_error");
        error.put("code", "card_declined");
        error.put("message", "Your card was declined.");
        return event(eventId, "payment_intent.payment_failed", created, intent);
    }

    /** A {@code charge.refunded} event; {@code amountRefunded} is the charge's cumulative total. */
    public String chargeRefunded(String eventId, String orderId, String intentId, String chargeId, long amount,
            long amountRefunded, String currency, long created) {
        ObjectNode charge = object("charge", chargeId, orderId);
        charge.put("payment_intent", intentId);
        charge.put("amount", amount);
        charge.put("amount_captured", amount);
        charge.put("amount_refunded", amountRefunded);
        charge.put("refunded", amountRefunded >= amount);
        charge.put("currency", currency);
        return event(eventId, "charge.refunded", created, charge);
    }

    /** Any fixture object wrapped as an event of {@code type}, e.g. one Paybus does not handle. */
    public String eventOf(String fixture, String eventId, String type, long created) {
        return event(eventId, type, created, fixtures.get(fixture).deepCopy());
    }

    /** {@code Stripe-Signature} header value: {@code t=<ts>,v1=<hex HMAC-SHA256(secret, "<ts>.<body>")>}. */
    public static String sign(String payload, String secret, long timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A PaymentIntent as Stripe's API answers {@code POST /v1/payment_intents}: the fixture with
     * this id, client secret, amount and {@code metadata.order_id}, awaiting a payment method.
     */
    public String paymentIntentCreated(String intentId, String orderId, long amount, String currency) {
        ObjectNode intent = object("payment_intent", intentId, orderId);
        intent.put("client_secret", intentId + "_secret_" + Integer.toHexString(intentId.hashCode()));
        intent.put("amount", amount);
        intent.put("amount_received", 0);
        intent.put("currency", currency);
        intent.put("status", "requires_payment_method");
        return intent.toString();
    }

    /** A Refund as Stripe's API answers {@code POST /v1/refunds}. */
    public String refundCreated(String refundId, String intentId, long amount, String currency, String status) {
        ObjectNode refund = object("refund", refundId, null);
        refund.put("payment_intent", intentId);
        refund.put("amount", amount);
        refund.put("currency", currency);
        refund.put("status", status);
        return refund.toString();
    }

    /**
     * An Invoice as Stripe's API answers {@code POST /v1/invoices} ({@code draft}) or
     * {@code POST /v1/invoices/{id}/pay} ({@code paid}, {@code open}).
     */
    public String invoice(String invoiceId, String subscriptionId, String customerId, String status, long amount,
            String currency) {
        ObjectNode invoice = object("invoice", invoiceId, null);
        invoice.put("subscription", subscriptionId);
        invoice.put("customer", customerId);
        invoice.put("status", status);
        invoice.put("currency", currency);
        invoice.put("amount_due", amount);
        invoice.put("total", amount);
        invoice.put("amount_paid", "paid".equals(status) ? amount : 0);
        invoice.put("amount_remaining", "paid".equals(status) ? 0 : amount);
        return invoice.toString();
    }

    /**
     * A {@code customer.subscription.created} event: the fixture subscription with this id,
     * customer, price and current period (on the subscription and, as 2025 API versions put it,
     * on its item).
     */
    public String subscriptionCreated(String eventId, String subscriptionId, String customerId, String priceId,
            long periodStart, long periodEnd, long created) {
        ObjectNode subscription = object("subscription", subscriptionId, null);
        subscription.put("customer", customerId);
        subscription.put("status", "active");
        subscription.put("cancel_at_period_end", false);
        subscription.putNull("cancel_at");
        subscription.putNull("trial_end");
        subscription.putNull("trial_start");
        subscription.put("current_period_start", periodStart);
        subscription.put("current_period_end", periodEnd);
        ObjectNode item = (ObjectNode) subscription.path("items").path("data").path(0);
        item.put("subscription", subscriptionId);
        item.put("current_period_start", periodStart);
        item.put("current_period_end", periodEnd);
        ((ObjectNode) item.path("price")).put("id", priceId);
        return event(eventId, "customer.subscription.created", created, subscription);
    }

    /** A Subscription as Stripe's API answers {@code DELETE /v1/subscriptions/{id}} (canceled). */
    public String subscriptionCanceled(String subscriptionId, String customerId) {
        ObjectNode subscription = object("subscription", subscriptionId, null);
        subscription.put("customer", customerId);
        subscription.put("status", "canceled");
        return subscription.toString();
    }

    /**
     * A PaymentIntent as Stripe's API lists it: {@code status} ({@code succeeded},
     * {@code requires_payment_method}, {@code canceled}, …; {@code failed} is
     * {@code requires_payment_method} after a declined card), its latest charge by id (or none).
     */
    public String paymentIntent(String intentId, String orderId, long amount, String currency, String status,
            String latestCharge, long created) {
        ObjectNode intent = object("payment_intent", intentId, orderId);
        boolean failed = "failed".equals(status);
        intent.put("status", failed ? "requires_payment_method" : status);
        intent.put("amount", amount);
        intent.put("amount_received", "succeeded".equals(status) ? amount : 0);
        intent.put("currency", currency);
        intent.put("created", created);
        intent.put("latest_charge", latestCharge);
        if (failed) {
            ObjectNode error = intent.putObject("last_payment_error");
            error.put("type", "card_error");
            error.put("code", "card_declined");
            error.put("message", "Your card was declined.");
        } else {
            intent.putNull("last_payment_error");
        }
        if ("canceled".equals(status)) {
            intent.put("canceled_at", created);
            intent.put("cancellation_reason", "abandoned");
        }
        return intent.toString();
    }

    /** A Charge as Stripe's API lists it, {@code amountRefunded} its cumulative refunds. */
    public String charge(String chargeId, String intentId, long amount, long amountRefunded, String currency,
            long created) {
        ObjectNode charge = object("charge", chargeId, null);
        charge.put("payment_intent", intentId);
        charge.put("amount", amount);
        charge.put("amount_captured", amount);
        charge.put("amount_refunded", amountRefunded);
        charge.put("refunded", amountRefunded >= amount);
        charge.put("captured", true);
        charge.put("status", "succeeded");
        charge.put("currency", currency);
        charge.put("created", created);
        return charge.toString();
    }

    /** A Dispute as Stripe's API lists it ({@code needs_response}, {@code under_review}, {@code won}, {@code lost}, …). */
    public String dispute(String disputeId, String intentId, String chargeId, long amount, String currency,
            String status, long created) {
        ObjectNode dispute = object("dispute", disputeId, null);
        dispute.put("payment_intent", intentId);
        dispute.put("charge", chargeId);
        dispute.put("amount", amount);
        dispute.put("currency", currency);
        dispute.put("status", status);
        dispute.put("created", created);
        return dispute.toString();
    }

    /** A Subscription as Stripe's API lists it, its period on it and on its item. */
    public String subscription(String subscriptionId, String customerId, String priceId, String status,
            long periodStart, long periodEnd, long created) {
        ObjectNode subscription = (ObjectNode) data(subscriptionCreated("evt_unused", subscriptionId, customerId,
                priceId, periodStart, periodEnd, created));
        subscription.put("status", status);
        subscription.put("created", created);
        if ("canceled".equals(status)) {
            subscription.put("canceled_at", created);
            subscription.put("ended_at", created);
        }
        return subscription.toString();
    }

    /** An Invoice as Stripe's API lists it: {@link #invoice}, created then, with {@code attempts} payment attempts. */
    public String invoice(String invoiceId, String subscriptionId, String customerId, String status, long amount,
            String currency, int attempts, long created) {
        ObjectNode invoice = (ObjectNode) parse(invoice(invoiceId, subscriptionId, customerId, status, amount,
                currency));
        invoice.put("attempt_count", attempts);
        invoice.put("created", created);
        return invoice.toString();
    }

    private static JsonNode data(String event) {
        return parse(event).path("data").path("object");
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An invoice item as Stripe's API answers {@code POST /v1/invoiceitems}. */
    public String invoiceItem(String itemId, String customerId, long amount, String currency) {
        ObjectNode item = MAPPER.createObjectNode();
        item.put("id", itemId);
        item.put("object", "invoiceitem");
        item.put("customer", customerId);
        item.put("amount", amount);
        item.put("currency", currency);
        return item.toString();
    }

    private ObjectNode object(String fixture, String id, String orderId) {
        JsonNode source = fixtures.get(fixture);
        if (source == null) {
            throw new IllegalArgumentException("no Stripe fixture '" + fixture + "'");
        }
        ObjectNode object = source.deepCopy();
        object.put("id", id);
        ObjectNode metadata = object.putObject("metadata");
        if (orderId != null) {
            metadata.put("order_id", orderId);
        }
        return object;
    }

    private static String event(String eventId, String type, long created, JsonNode object) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("id", eventId);
        event.put("object", "event");
        event.put("api_version", "2025-10-29.clover");
        event.put("created", created);
        event.putObject("data").set("object", object);
        event.put("livemode", false);
        event.put("pending_webhooks", 1);
        ObjectNode request = event.putObject("request");
        request.putNull("id");
        request.putNull("idempotency_key");
        event.put("type", type);
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
