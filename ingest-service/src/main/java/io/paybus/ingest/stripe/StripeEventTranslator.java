package io.paybus.ingest.stripe;

import static io.paybus.ingest.webhook.JsonFields.requiredNode;
import static io.paybus.ingest.webhook.JsonFields.requiredText;
import static io.paybus.ingest.webhook.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.events.ChargeFailed;
import io.paybus.events.Customer;
import io.paybus.events.ChargeSucceeded;
import io.paybus.events.CheckoutAsyncPaymentFailed;
import io.paybus.events.CheckoutAsyncPaymentSucceeded;
import io.paybus.events.CheckoutCompleted;
import io.paybus.events.DisputeClosed;
import io.paybus.events.DisputeFundsReinstated;
import io.paybus.events.DisputeFundsWithdrawn;
import io.paybus.events.DisputeOpened;
import io.paybus.events.DisputeUpdated;
import io.paybus.events.InvoiceChanged;
import io.paybus.events.Money;
import io.paybus.events.PaymentActionRequired;
import io.paybus.events.PaymentCanceled;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentEvent;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentProcessing;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.events.RefundChanged;
import io.paybus.events.SubscriptionChanged;
import io.paybus.events.SubscriptionEvent;
import io.paybus.ingest.webhook.JsonFields;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.Translation;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a verified Stripe event into our provider-neutral envelope.
 *
 * <p>It reads the event's JSON directly rather than through stripe-java's typed objects, and only
 * fields that every Stripe API version carries in the same place ({@code id}, {@code type},
 * {@code created}, and the object's {@code id}, {@code amount*}, {@code currency},
 * {@code metadata}, {@code payment_intent}). That way an event rendered for another API version
 * than the library's pinned one is read the same, where stripe-java would leave the typed object
 * empty.
 *
 * <p>Payment, charge, refund, dispute and checkout events belong to an order: the object's
 * {@code metadata.order_id}, or when Stripe sends none (a payment made outside our checkout) the
 * PaymentIntent (else charge) id, so every event of that payment lands on the same order.
 * Subscription and invoice events belong to their subscription.
 */
public final class StripeEventTranslator {

    /** Translates a body given as text (tests, tools); the service passes the verified bytes. */
    public Translation translate(String body, Instant receivedAt) {
        return translate(body.getBytes(StandardCharsets.UTF_8), body, receivedAt);
    }

    public Translation translate(byte[] bytes, String body, Instant receivedAt) {
        JsonNode event = JsonFields.parseObject(bytes);
        String type = text(event, "type");
        String eventId = text(event, "id");
        JsonNode object = event.path("data").path("object");
        if (type == null || eventId == null || !object.isObject()) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "not a Stripe event: id, type or data.object missing");
        }
        Instant occurredAt = createdAt(event);
        Optional<PaymentEvent> payment = paymentEvent(type, object);
        if (payment.isPresent()) {
            PaymentEvent p = payment.get();
            return new Translation(type, Optional.of(PaymentEnvelope.of(Provider.STRIPE, eventId,
                    orderIdOf(object, p.paymentRef()), occurredAt, receivedAt, p, body).withBuyer(buyerOf(object))));
        }
        return new Translation(type, subscriptionEvent(type, object).map(
                e -> PaymentEnvelope.of(Provider.STRIPE, eventId, occurredAt, receivedAt, e, body)));
    }

    private Optional<PaymentEvent> paymentEvent(String type, JsonNode o) {
        return Optional.ofNullable(switch (type) {
            case "payment_intent.succeeded" -> succeeded(o);
            case "payment_intent.payment_failed" -> failed(o);
            case "payment_intent.canceled" -> new PaymentCanceled(requiredText(o, "id"), text(o, "cancellation_reason"));
            case "payment_intent.processing" -> new PaymentProcessing(requiredText(o, "id"),
                    money(o, requiredNode(o, "amount").asLong()));
            case "payment_intent.requires_action" -> new PaymentActionRequired(requiredText(o, "id"),
                    text(o.path("next_action"), "type"));
            case "charge.succeeded", "charge.captured" -> new ChargeSucceeded(paymentOf(o), requiredText(o, "id"),
                    money(o, o.path("amount_captured").asLong(0) > 0 ? o.path("amount_captured").asLong()
                            : requiredNode(o, "amount").asLong()), o.path("captured").asBoolean(false));
            case "charge.failed" -> new ChargeFailed(paymentOf(o), requiredText(o, "id"), text(o, "failure_code"),
                    text(o, "failure_message"));
            case "charge.refunded" -> refunded(o);
            case "refund.created", "refund.updated" -> new RefundChanged(paymentOf(o), requiredText(o, "id"),
                    money(o, requiredNode(o, "amount").asLong()), requiredText(o, "status"));
            case "charge.dispute.created" -> new DisputeOpened(paymentOf(o), requiredText(o, "id"), disputed(o),
                    text(o, "reason"));
            case "charge.dispute.updated" -> new DisputeUpdated(paymentOf(o), requiredText(o, "id"), disputed(o),
                    requiredText(o, "status"));
            case "charge.dispute.closed" -> new DisputeClosed(paymentOf(o), requiredText(o, "id"), disputed(o),
                    requiredText(o, "status"));
            case "charge.dispute.funds_withdrawn" -> new DisputeFundsWithdrawn(paymentOf(o), requiredText(o, "id"),
                    disputed(o));
            case "charge.dispute.funds_reinstated" -> new DisputeFundsReinstated(paymentOf(o), requiredText(o, "id"),
                    disputed(o));
            case "checkout.session.completed" -> new CheckoutCompleted(paymentOf(o), requiredText(o, "id"),
                    o.hasNonNull("amount_total") && o.hasNonNull("currency") ? money(o, o.get("amount_total").asLong())
                            : null, text(o, "payment_status"));
            case "checkout.session.async_payment_succeeded" -> new CheckoutAsyncPaymentSucceeded(paymentOf(o),
                    requiredText(o, "id"));
            case "checkout.session.async_payment_failed" -> new CheckoutAsyncPaymentFailed(paymentOf(o),
                    requiredText(o, "id"));
            default -> null;
        });
    }

    private Optional<SubscriptionEvent> subscriptionEvent(String type, JsonNode o) {
        return Optional.ofNullable(switch (type) {
            case "customer.subscription.created" -> subscription(o, SubscriptionChanged.Change.CREATED);
            case "customer.subscription.updated" -> subscription(o, SubscriptionChanged.Change.UPDATED);
            case "customer.subscription.deleted" -> subscription(o, SubscriptionChanged.Change.CANCELED);
            case "customer.subscription.paused" -> subscription(o, SubscriptionChanged.Change.PAUSED);
            case "customer.subscription.resumed" -> subscription(o, SubscriptionChanged.Change.RESUMED);
            case "customer.subscription.trial_will_end" -> subscription(o, SubscriptionChanged.Change.TRIAL_WILL_END);
            case "invoice.created" -> invoice(o, InvoiceChanged.Change.CREATED);
            case "invoice.finalized" -> invoice(o, InvoiceChanged.Change.FINALIZED);
            case "invoice.paid" -> invoice(o, InvoiceChanged.Change.PAID);
            case "invoice.payment_failed" -> invoice(o, InvoiceChanged.Change.PAYMENT_FAILED);
            default -> null;
        });
    }

    /**
     * Who paid, as far as the object tells: a PaymentIntent's {@code receipt_email} and
     * {@code shipping.name}, a Charge's {@code billing_details} (email, name, address country), a
     * Checkout Session's {@code customer_details} and {@code customer_email}, and its {@code locale}
     * when the buyer's browser was not left to decide ({@code auto}). Stripe's {@code cus_…} is not the
     * merchant's customer id: never taken as one.
     */
    static Customer buyerOf(JsonNode o) {
        JsonNode billing = o.path("billing_details");
        JsonNode details = o.path("customer_details");
        String locale = text(o, "locale");
        return new Customer(null,
                first(text(o, "receipt_email"), text(billing, "email"), text(details, "email"), text(o, "customer_email")),
                first(text(billing, "name"), text(details, "name"), text(o.path("shipping"), "name")),
                locale == null || locale.equals("auto") ? null : locale,
                first(text(billing.path("address"), "country"), text(details.path("address"), "country")));
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }

    private PaymentSucceeded succeeded(JsonNode intent) {
        long received = intent.path("amount_received").asLong(0);
        long amount = received > 0 ? received : requiredNode(intent, "amount").asLong();
        return new PaymentSucceeded(requiredText(intent, "id"), money(intent, amount));
    }

    private PaymentFailed failed(JsonNode intent) {
        JsonNode error = intent.path("last_payment_error");
        return new PaymentFailed(requiredText(intent, "id"), text(error, "code"), text(error, "message"));
    }

    private PaymentRefunded refunded(JsonNode charge) {
        String chargeId = requiredText(charge, "id");
        String intentId = text(charge, "payment_intent");
        return new PaymentRefunded(intentId != null ? intentId : chargeId, chargeId,
                money(charge, requiredNode(charge, "amount_refunded").asLong()));
    }

    private Money disputed(JsonNode dispute) {
        return money(dispute, requiredNode(dispute, "amount").asLong());
    }

    /** The subscription as Stripe now describes it. Periods moved onto the items in 2025 API versions. */
    private SubscriptionChanged subscription(JsonNode sub, SubscriptionChanged.Change change) {
        JsonNode item = sub.path("items").path("data").path(0);
        String plan = text(item.path("price"), "id");
        if (plan == null) {
            plan = text(item.path("plan"), "id");
        }
        return new SubscriptionChanged(requiredText(sub, "id"), change, text(sub, "customer"), text(sub, "status"),
                plan, instant(sub, item, "current_period_start"), instant(sub, item, "current_period_end"),
                instant(sub, sub, "trial_end"), sub.path("cancel_at_period_end").asBoolean(false));
    }

    /**
     * A subscription's invoice. Older API versions name the subscription in {@code subscription},
     * newer ones in {@code parent.subscription_details.subscription}. An invoice of no subscription
     * (a one-off invoice) is not a subscription event: {@code null}, acknowledged as ignored.
     */
    private InvoiceChanged invoice(JsonNode invoice, InvoiceChanged.Change change) {
        String subscription = text(invoice, "subscription");
        if (subscription == null) {
            subscription = text(invoice.path("parent").path("subscription_details"), "subscription");
        }
        if (subscription == null) {
            return null;
        }
        return new InvoiceChanged(subscription, change, requiredText(invoice, "id"), text(invoice, "customer"),
                money(invoice, invoice.path("amount_due").asLong(0)), money(invoice, invoice.path("amount_paid").asLong(0)),
                text(invoice, "status"), instant(invoice, invoice, "period_start"), instant(invoice, invoice, "period_end"),
                invoice.path("attempt_count").asInt(0));
    }

    /** The payment an object belongs to: its PaymentIntent, else its charge, else itself. */
    private static String paymentOf(JsonNode object) {
        for (String field : new String[] {"payment_intent", "charge", "id"}) {
            String value = text(object, field);
            if (value != null) {
                return value;
            }
        }
        throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "field 'id' is missing");
    }

    private static Instant instant(JsonNode first, JsonNode second, String field) {
        JsonNode value = first.hasNonNull(field) ? first.get(field) : second.get(field);
        return value == null || value.isNull() ? null : Instant.ofEpochSecond(value.asLong());
    }

    private static Money money(JsonNode object, long minor) {
        String currency = requiredText(object, "currency");
        try {
            return Money.of(minor, currency);
        } catch (IllegalArgumentException e) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID,
                    "amount " + minor + " " + currency + " is not a valid amount");
        }
    }

    private static String orderIdOf(JsonNode object, String paymentRef) {
        String orderId = text(object.path("metadata"), "order_id");
        return orderId != null && !orderId.isBlank() ? orderId : paymentRef;
    }

    private static Instant createdAt(JsonNode event) {
        return Instant.ofEpochSecond(requiredNode(event, "created").asLong());
    }

}
