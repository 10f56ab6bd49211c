package io.paybus.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paybus.events.EventSource;
import io.paybus.ingest.reconcile.ProviderEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a Stripe object's state implies, as the Stripe events its webhook would have sent: a pure
 * rule, no I/O. The events are dated when the object was read and named
 * {@code snapshot:<object id>:<what>:<digest of the object>}; the webhook's translator reads them.
 * <ul>
 *   <li>a PaymentIntent: {@code payment_intent.succeeded}, {@code .processing},
 *       {@code .requires_action}, {@code .canceled}, or {@code .payment_failed} (waiting for a payment
 *       method after an error) by its status; and {@code charge.refunded} when its latest charge
 *       (listed expanded) has refunds, the charge filed under the PaymentIntent's order;</li>
 *   <li>a dispute: {@code charge.dispute.closed} once won, lost or closed as a warning, else
 *       {@code charge.dispute.created}, filed under its PaymentIntent's order (listed expanded);</li>
 *   <li>a subscription (canceled ones included): {@code customer.subscription.deleted} when
 *       canceled, else {@code customer.subscription.updated};</li>
 *   <li>an invoice: {@code invoice.paid} when paid, {@code invoice.payment_failed} when open after
 *       a failed attempt; nothing else (a draft tells a subscription nothing).</li>
 * </ul>
 */
public final class StripeSnapshots {

    /** The object lists, in the order a backfill lists them. */
    public static final List<String> KINDS = List.of("payment_intents", "disputes", "subscriptions", "invoices");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DISPUTE_CLOSED = Set.of("won", "lost", "warning_closed");

    private StripeSnapshots() {
    }

    /** The snapshot events of one listed object of {@code kind}, read at {@code readAt}. */
    public static List<ProviderEvents.Listed> of(String kind, JsonNode object, Instant readAt) {
        List<ProviderEvents.Listed> events = new ArrayList<>(2);
        Instant created = Instant.ofEpochSecond(object.path("created").asLong());
        switch (kind) {
            case "payment_intents" -> {
                ObjectNode intent = object.deepCopy();
                JsonNode charge = intent.path("latest_charge");
                if (charge.isObject()) {
                    intent.put("latest_charge", charge.path("id").asText());
                }
                String type = switch (intent.path("status").asText()) {
                    case "succeeded" -> "payment_intent.succeeded";
                    case "processing" -> "payment_intent.processing";
                    case "requires_action" -> "payment_intent.requires_action";
                    case "canceled" -> "payment_intent.canceled";
                    case "requires_payment_method" -> intent.path("last_payment_error").isObject()
                            ? "payment_intent.payment_failed" : null;
                    default -> null;
                };
                if (type != null) {
                    events.add(event(intent, "payment", type, created, readAt));
                }
                if (charge.isObject() && charge.path("amount_refunded").asLong(0) > 0) {
                    ObjectNode refunded = charge.deepCopy();
                    refunded.put("payment_intent", intent.path("id").asText());
                    fileUnder(refunded, intent);
                    events.add(event(refunded, "refunds", "charge.refunded", created, readAt));
                }
            }
            case "disputes" -> {
                ObjectNode dispute = object.deepCopy();
                JsonNode intent = dispute.path("payment_intent");
                if (intent.isObject()) {
                    dispute.put("payment_intent", intent.path("id").asText());
                    fileUnder(dispute, intent);
                }
                String type = DISPUTE_CLOSED.contains(dispute.path("status").asText()) ? "charge.dispute.closed"
                        : "charge.dispute.created";
                events.add(event(dispute, "dispute", type, created, readAt));
            }
            case "subscriptions" -> {
                String status = object.path("status").asText();
                String type = "canceled".equals(status) || "incomplete_expired".equals(status)
                        ? "customer.subscription.deleted" : "customer.subscription.updated";
                events.add(event(object, "subscription", type, created, readAt));
            }
            case "invoices" -> {
                String status = object.path("status").asText();
                String type = "paid".equals(status) ? "invoice.paid"
                        : "open".equals(status) && object.path("attempt_count").asInt(0) > 0
                                ? "invoice.payment_failed" : null;
                if (type != null) {
                    events.add(event(object, "invoice", type, created, readAt));
                }
            }
            default -> throw new IllegalArgumentException("no Stripe object list " + kind);
        }
        return events;
    }

    /** The order a payment's other objects belong to: the PaymentIntent's, where they name none. */
    private static void fileUnder(ObjectNode object, JsonNode intent) {
        String order = intent.path("metadata").path("order_id").asText("");
        if (!order.isBlank() && object.path("metadata").path("order_id").asText("").isBlank()) {
            ObjectNode metadata = object.path("metadata").isObject() ? (ObjectNode) object.get("metadata")
                    : object.putObject("metadata");
            metadata.put("order_id", order);
        }
    }

    private static ProviderEvents.Listed event(JsonNode object, String what, String type, Instant created,
            Instant readAt) {
        String id = EventSource.snapshotId(object.path("id").asText(), what, object.toString());
        ObjectNode event = JSON.createObjectNode();
        event.put("id", id);
        event.put("object", "event");
        event.put("type", type);
        event.put("created", readAt.getEpochSecond());
        event.putObject("data").set("object", object);
        return new ProviderEvents.Listed(id, created, event.toString());
    }
}
