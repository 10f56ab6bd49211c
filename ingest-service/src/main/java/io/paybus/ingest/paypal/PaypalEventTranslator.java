package io.paybus.ingest.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentEvent;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.Translation;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Optional;

/**
 * Turns a verified PayPal webhook event into our envelope.
 *
 * <p>{@code PAYMENT.CAPTURE.COMPLETED} is PayPal's one confirmation of payment;
 * {@code PAYMENT.CAPTURE.PENDING} never is. Amounts come as decimal strings and become minor
 * units by the currency's fraction digits. The order is the capture's {@code custom_id} (what our
 * checkout sets), else its {@code invoice_id}, else the PayPal order id it belongs to, else the
 * capture id.
 */
public final class PaypalEventTranslator {

    private final ObjectMapper mapper = new ObjectMapper();

    public Translation translate(byte[] body, String rawBody, Instant receivedAt) {
        JsonNode event = parse(body);
        String type = text(event, "event_type");
        String eventId = text(event, "id");
        JsonNode resource = event.path("resource");
        if (type == null || eventId == null || !resource.isObject()) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID,
                    "not a PayPal event: id, event_type or resource missing");
        }
        Optional<PaymentEvent> payload = switch (type) {
            case "PAYMENT.CAPTURE.COMPLETED" -> Optional.of(new PaymentSucceeded(required(resource, "id"),
                    money(resource.path("amount"))));
            case "PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED" -> Optional.of(new PaymentFailed(
                    required(resource, "id"), type.substring(type.lastIndexOf('.') + 1).toLowerCase(),
                    text(resource.path("status_details"), "reason")));
            case "PAYMENT.CAPTURE.REFUNDED" -> Optional.of(refunded(resource));
            default -> Optional.empty();
        };
        return new Translation(type, payload.map(p -> PaymentEnvelope.of(Provider.PAYPAL, eventId,
                orderIdOf(resource, p.paymentRef()), occurredAt(event), receivedAt, p, rawBody)));
    }

    private PaymentRefunded refunded(JsonNode refund) {
        String captureId = linkedId(refund, "up");
        JsonNode total = refund.path("seller_payable_breakdown").path("total_refunded_amount");
        Money refundedTotal = money(total.isObject() ? total : refund.path("amount"));
        return new PaymentRefunded(captureId != null ? captureId : required(refund, "id"), null, refundedTotal);
    }

    private static String orderIdOf(JsonNode resource, String paymentRef) {
        for (String candidate : new String[] {text(resource, "custom_id"), text(resource, "invoice_id"),
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

    static Money money(JsonNode amount) {
        String value = text(amount, "value");
        String currency = text(amount, "currency_code");
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

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new WebhookRejectedException(Rejection.PAYLOAD_MALFORMED, "body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_MALFORMED, "body is not valid JSON");
        }
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "field '" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
