package io.paybus.ingest.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paybus.events.EventSource;
import io.paybus.ingest.reconcile.ProviderEvents;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a PayPal transaction's state implies, as the webhook notification PayPal would have sent: a
 * pure rule, no I/O. Payments (event codes {@code T00xx}) become {@code PAYMENT.CAPTURE.COMPLETED},
 * {@code .PENDING}, {@code .DENIED} or {@code .REVERSED} by their status ({@code S}, {@code P},
 * {@code D}, {@code V}), filed under their {@code custom_field} (what our checkout sets as
 * {@code custom_id}) or invoice id; a refund ({@code T11xx}) is read as its refund object
 * ({@code GET /v2/payments/refunds/{id}}, which says the total refunded) and becomes
 * {@code PAYMENT.CAPTURE.REFUNDED}. Events are dated when read and named
 * {@code snapshot:<transaction id>:<what>:<digest>}.
 */
public final class PaypalSnapshots {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Transaction Search's dates: {@code 2026-11-23T12:00:00+0000}. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

    private PaypalSnapshots() {
    }

    /** Whether a listed transaction is a refund, to be read as its refund object. */
    public static boolean refund(JsonNode transactionInfo) {
        return transactionInfo.path("transaction_event_code").asText().startsWith("T11");
    }

    /** The snapshot of a payment transaction ({@code transaction_info}); empty for other kinds and statuses. */
    public static Optional<ProviderEvents.Listed> ofPayment(JsonNode info, Instant readAt) {
        if (!info.path("transaction_event_code").asText().startsWith("T00")) {
            return Optional.empty();
        }
        String[] kind = switch (info.path("transaction_status").asText()) {
            case "S" -> new String[] {"PAYMENT.CAPTURE.COMPLETED", "COMPLETED"};
            case "P" -> new String[] {"PAYMENT.CAPTURE.PENDING", "PENDING"};
            case "D" -> new String[] {"PAYMENT.CAPTURE.DENIED", "DECLINED"};
            case "V" -> new String[] {"PAYMENT.CAPTURE.REVERSED", "REVERSED"};
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        ObjectNode capture = JSON.createObjectNode();
        capture.put("id", info.path("transaction_id").asText());
        capture.put("status", kind[1]);
        capture.set("amount", info.path("transaction_amount"));
        copy(info, "custom_field", capture, "custom_id");
        copy(info, "invoice_id", capture, "invoice_id");
        return Optional.of(event(capture, "capture", kind[0], created(info), readAt));
    }

    /** The snapshot of a refund, from its refund object ({@code GET /v2/payments/refunds/{id}}). */
    public static ProviderEvents.Listed ofRefund(JsonNode info, JsonNode refund, Instant readAt) {
        ObjectNode resource = refund.deepCopy();
        if (resource.path("custom_id").asText("").isBlank()) {
            copy(info, "custom_field", resource, "custom_id");
        }
        return event(resource, "refund", "PAYMENT.CAPTURE.REFUNDED", created(info), readAt);
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        String value = from.path(field).asText("");
        if (!value.isBlank()) {
            to.put(as, value);
        }
    }

    private static ProviderEvents.Listed event(JsonNode resource, String what, String type, Instant created,
            Instant readAt) {
        String id = EventSource.snapshotId(resource.path("id").asText(), what, resource.toString());
        ObjectNode event = JSON.createObjectNode();
        event.put("id", id);
        event.put("event_version", "1.0");
        event.put("create_time", readAt.toString());
        event.put("resource_type", what);
        event.put("event_type", type);
        event.set("resource", resource);
        return new ProviderEvents.Listed(id, created, event.toString());
    }

    private static Instant created(JsonNode info) {
        try {
            return OffsetDateTime.parse(info.path("transaction_initiation_date").asText(), DATE).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
