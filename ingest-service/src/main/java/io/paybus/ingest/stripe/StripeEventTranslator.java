package io.paybus.ingest.stripe;

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
 * <p>The order is {@code metadata.order_id} of the object; when Stripe sends none (a payment made
 * outside our checkout) the payment intent id stands in, so every event of that payment lands on
 * the same order.
 */
public final class StripeEventTranslator {

    private final ObjectMapper mapper = new ObjectMapper();

    public Translation translate(String body, Instant receivedAt) {
        JsonNode event = parse(body);
        String type = text(event, "type");
        String eventId = text(event, "id");
        JsonNode object = event.path("data").path("object");
        if (type == null || eventId == null || !object.isObject()) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "not a Stripe event: id, type or data.object missing");
        }
        Optional<PaymentEvent> payload = switch (type) {
            case "payment_intent.succeeded" -> Optional.of(succeeded(object));
            case "payment_intent.payment_failed" -> Optional.of(failed(object));
            case "charge.refunded" -> Optional.of(refunded(object));
            default -> Optional.empty();
        };
        return new Translation(type, payload.map(p -> PaymentEnvelope.of(Provider.STRIPE, eventId,
                orderIdOf(object, p.paymentRef()), createdAt(event), receivedAt, p, body)));
    }

    private PaymentSucceeded succeeded(JsonNode intent) {
        long received = intent.path("amount_received").asLong(0);
        long amount = received > 0 ? received : required(intent, "amount").asLong();
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
                money(charge, required(charge, "amount_refunded").asLong()));
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
        return Instant.ofEpochSecond(required(event, "created").asLong());
    }

    private JsonNode parse(String body) {
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

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "field '" + field + "' is missing");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field) {
        return required(node, field).asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
