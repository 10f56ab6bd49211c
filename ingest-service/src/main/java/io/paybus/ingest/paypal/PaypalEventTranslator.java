package io.paybus.ingest.paypal;

import static io.paybus.ingest.webhook.JsonFields.requiredText;
import static io.paybus.ingest.webhook.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.events.CheckoutApproved;
import io.paybus.events.CheckoutCompleted;
import io.paybus.events.Customer;
import io.paybus.events.DisputeClosed;
import io.paybus.events.DisputeOpened;
import io.paybus.events.DisputeUpdated;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentEvent;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentProcessing;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentReversed;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.events.SubscriptionChanged;
import io.paybus.events.SubscriptionEvent;
import io.paybus.events.SubscriptionPaymentChanged;
import io.paybus.ingest.webhook.JsonFields;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.Translation;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Optional;

/**
 * Turns a verified PayPal webhook event into our envelope.
 *
 * <p>{@code PAYMENT.CAPTURE.COMPLETED} (or a sale's {@code PAYMENT.SALE.COMPLETED}) is PayPal's
 * confirmation of payment; {@code PAYMENT.CAPTURE.PENDING} never is (it becomes
 * {@code payment.processing}). Amounts come as decimal strings and become minor units by the
 * currency's fraction digits. The order is the resource's {@code custom_id} (what our checkout
 * sets), else its invoice id, else the PayPal order it belongs to, else the payment's own id.
 * Subscriptions ({@code BILLING.SUBSCRIPTION.*}) and sales of a billing agreement belong to the
 * subscription.
 */
public final class PaypalEventTranslator {

    public Translation translate(byte[] body, String rawBody, Instant receivedAt) {
        JsonNode event = JsonFields.parseObject(body);
        String type = text(event, "event_type");
        String eventId = text(event, "id");
        JsonNode r = event.path("resource");
        if (type == null || eventId == null || !r.isObject()) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID,
                    "not a PayPal event: id, event_type or resource missing");
        }
        Instant occurredAt = occurredAt(event);
        Optional<SubscriptionEvent> subscription = subscriptionEvent(type, r);
        if (subscription.isPresent()) {
            return new Translation(type, Optional.of(PaymentEnvelope.of(Provider.PAYPAL, eventId, occurredAt,
                    receivedAt, subscription.get(), rawBody)));
        }
        return new Translation(type, paymentEvent(type, r).map(p -> PaymentEnvelope.of(Provider.PAYPAL, eventId,
                orderIdOf(r, p.paymentRef()), occurredAt, receivedAt, p, rawBody).withBuyer(buyerOf(r))));
    }

    private Optional<PaymentEvent> paymentEvent(String type, JsonNode r) {
        return Optional.ofNullable(switch (type) {
            case "CHECKOUT.ORDER.APPROVED" -> new CheckoutApproved(requiredText(r, "id"), requiredText(r, "id"),
                    optionalMoney(r.path("purchase_units").path(0).path("amount")));
            case "CHECKOUT.ORDER.COMPLETED" -> new CheckoutCompleted(requiredText(r, "id"), requiredText(r, "id"),
                    optionalMoney(r.path("purchase_units").path(0).path("amount")), lower(text(r, "status")));
            case "PAYMENT.CAPTURE.COMPLETED" -> new PaymentSucceeded(requiredText(r, "id"), money(r.path("amount")));
            case "PAYMENT.CAPTURE.PENDING" -> new PaymentProcessing(requiredText(r, "id"), optionalMoney(r.path("amount")));
            case "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED" -> new PaymentFailed(requiredText(r, "id"),
                    lower(type.substring(type.lastIndexOf('.') + 1)), text(r.path("status_details"), "reason"));
            case "PAYMENT.CAPTURE.REFUNDED" -> refunded(r);
            case "PAYMENT.CAPTURE.REVERSED" -> new PaymentReversed(requiredText(r, "id"), money(r.path("amount")),
                    text(r.path("status_details"), "reason"));
            case "PAYMENT.SALE.COMPLETED" -> new PaymentSucceeded(requiredText(r, "id"), money(r.path("amount")));
            case "PAYMENT.SALE.REFUNDED" -> new PaymentRefunded(saleOf(r), requiredText(r, "id"),
                    money(r.has("total_refunded_amount") ? r.path("total_refunded_amount") : r.path("amount")));
            case "PAYMENT.SALE.REVERSED" -> new PaymentReversed(requiredText(r, "id"), money(r.path("amount")),
                    text(r, "reason_code"));
            case "CUSTOMER.DISPUTE.CREATED" -> new DisputeOpened(disputedPayment(r), requiredText(r, "dispute_id"),
                    money(r.path("dispute_amount")), text(r, "reason"));
            case "CUSTOMER.DISPUTE.UPDATED" -> new DisputeUpdated(disputedPayment(r), requiredText(r, "dispute_id"),
                    money(r.path("dispute_amount")), lower(requiredText(r, "status")));
            case "CUSTOMER.DISPUTE.RESOLVED" -> new DisputeClosed(disputedPayment(r), requiredText(r, "dispute_id"),
                    money(r.path("dispute_amount")), lower(Optional.ofNullable(
                            text(r.path("dispute_outcome"), "outcome_code")).orElse(requiredText(r, "status"))));
            default -> null;
        });
    }

    /**
     * Subscription events, keyed by the subscription: {@code BILLING.SUBSCRIPTION.*}, and sales of a
     * billing agreement ({@code PAYMENT.SALE.*} with {@code billing_agreement_id}).
     */
    private Optional<SubscriptionEvent> subscriptionEvent(String type, JsonNode r) {
        String agreement = text(r, "billing_agreement_id");
        return Optional.ofNullable(switch (type) {
            case "BILLING.SUBSCRIPTION.CREATED" -> subscription(r, SubscriptionChanged.Change.CREATED);
            case "BILLING.SUBSCRIPTION.ACTIVATED" -> subscription(r, SubscriptionChanged.Change.ACTIVATED);
            case "BILLING.SUBSCRIPTION.UPDATED" -> subscription(r, SubscriptionChanged.Change.UPDATED);
            case "BILLING.SUBSCRIPTION.EXPIRED" -> subscription(r, SubscriptionChanged.Change.EXPIRED);
            case "BILLING.SUBSCRIPTION.CANCELLED" -> subscription(r, SubscriptionChanged.Change.CANCELED);
            case "BILLING.SUBSCRIPTION.SUSPENDED" -> subscription(r, SubscriptionChanged.Change.SUSPENDED);
            case "PAYMENT.SALE.COMPLETED" -> agreement == null ? null : new SubscriptionPaymentChanged(agreement,
                    SubscriptionPaymentChanged.Change.COMPLETED, requiredText(r, "id"), money(r.path("amount")));
            case "PAYMENT.SALE.REFUNDED" -> agreement == null ? null : new SubscriptionPaymentChanged(agreement,
                    SubscriptionPaymentChanged.Change.REFUNDED, saleOf(r), money(r.path("amount")));
            case "PAYMENT.SALE.REVERSED" -> agreement == null ? null : new SubscriptionPaymentChanged(agreement,
                    SubscriptionPaymentChanged.Change.REVERSED, requiredText(r, "id"), money(r.path("amount")));
            default -> null;
        });
    }

    private SubscriptionChanged subscription(JsonNode r, SubscriptionChanged.Change change) {
        JsonNode billing = r.path("billing_info");
        return new SubscriptionChanged(requiredText(r, "id"), change, text(r.path("subscriber"), "payer_id"),
                lower(text(r, "status")), text(r, "plan_id"), instant(billing.path("last_payment"), "time"),
                instant(billing, "next_billing_time"), null, false);
    }

    private PaymentRefunded refunded(JsonNode refund) {
        String captureId = linkedId(refund, "up");
        JsonNode total = refund.path("seller_payable_breakdown").path("total_refunded_amount");
        Money refundedTotal = money(total.isObject() ? total : refund.path("amount"));
        return new PaymentRefunded(captureId != null ? captureId : requiredText(refund, "id"), null, refundedTotal);
    }

    private static String saleOf(JsonNode refund) {
        String sale = text(refund, "sale_id");
        return sale != null ? sale : requiredText(refund, "id");
    }

    private static String disputedPayment(JsonNode dispute) {
        String transaction = text(dispute.path("disputed_transactions").path(0), "seller_transaction_id");
        return transaction != null ? transaction : requiredText(dispute, "dispute_id");
    }

    /**
     * Who paid, as a checkout order tells ({@code CHECKOUT.ORDER.*}: {@code payer.email_address},
     * {@code payer.name}, {@code payer.address.country_code}); captures and refunds name no payer.
     */
    static Customer buyerOf(JsonNode resource) {
        JsonNode payer = resource.path("payer");
        String given = text(payer.path("name"), "given_name");
        String surname = text(payer.path("name"), "surname");
        String name = given == null ? surname : surname == null ? given : given + " " + surname;
        return new Customer(null, text(payer, "email_address"), name, null, text(payer.path("address"), "country_code"));
    }

    private static String orderIdOf(JsonNode resource, String paymentRef) {
        JsonNode unit = resource.path("purchase_units").path(0);
        JsonNode disputed = resource.path("disputed_transactions").path(0);
        for (String candidate : new String[] {text(resource, "custom_id"), text(resource, "custom"),
                text(resource, "invoice_id"), text(resource, "invoice_number"), text(unit, "custom_id"),
                text(unit, "invoice_id"), text(disputed, "custom"), text(disputed, "invoice_number"),
                text(resource.path("supplementary_data").path("related_ids"), "order_id")}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return paymentRef;
    }

    /** The id at the end of the resource's link with {@code rel}, e.g. the capture a refund belongs to. */
    private static String linkedId(JsonNode resource, String rel) {
        for (JsonNode link : resource.path("links")) {
            String href = text(link, "href");
            if (rel.equals(text(link, "rel")) && href != null && href.lastIndexOf('/') >= 0) {
                return href.substring(href.lastIndexOf('/') + 1);
            }
        }
        return null;
    }

    private static Money optionalMoney(JsonNode amount) {
        return amount.isObject() ? money(amount) : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, field + " is not an ISO-8601 instant");
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(java.util.Locale.ROOT);
    }

    /** PayPal amounts: v2 {@code {"value","currency_code"}}, v1 (sales) {@code {"total","currency"}}. */
    static Money money(JsonNode amount) {
        String value = text(amount, "value") != null ? text(amount, "value") : text(amount, "total");
        String currency = text(amount, "currency_code") != null ? text(amount, "currency_code") : text(amount, "currency");
        if (value == null || currency == null) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "amount value or currency_code missing");
        }
        try {
            Currency code = Currency.getInstance(currency);
            long minor = new BigDecimal(value).movePointRight(Math.max(0, code.getDefaultFractionDigits()))
                    .longValueExact();
            return new Money(minor, code);
        } catch (ArithmeticException | IllegalArgumentException e) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID,
                    "amount " + value + " " + currency + " is not a valid amount");
        }
    }

    private static Instant occurredAt(JsonNode event) {
        String created = text(event, "create_time");
        try {
            return created == null ? null : Instant.parse(created);
        } catch (DateTimeParseException e) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "create_time is not an ISO-8601 instant");
        }
    }

}
