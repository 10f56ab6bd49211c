package io.paybus.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link PublishedOrderEvent} as it travels on {@link Topics#ORDERS_EVENTS}, keyed by order id.
 *
 * @param eventId       stable per order, sequence and type: a re-publication carries the same id,
 *                      so consumers drop it
 * @param type          wire name, e.g. {@code order.paid}
 * @param sequence      the order's event-store sequence number the change happened at
 * @param status        the order's status after it
 * @param occurredAt    when the provider says the change happened
 * @param customer      who the order is for, when the merchant said ({@code POST /orders}); {@code null}
 *                      otherwise, and in events written before it existed
 */
public record OrderEventEnvelope(UUID eventId, String type, int schemaVersion, String orderId, long sequence,
                                 String status, Instant occurredAt, PublishedOrderEvent payload, Customer customer) {

    public static final int SCHEMA_VERSION = 1;

    static final Map<Class<? extends PublishedOrderEvent>, String> NAMES = Map.ofEntries(
            Map.entry(PublishedOrderEvent.OrderCreated.class, "order.created"),
            Map.entry(PublishedOrderEvent.OrderProcessing.class, "order.processing"),
            Map.entry(PublishedOrderEvent.OrderActionRequired.class, "order.action_required"),
            Map.entry(PublishedOrderEvent.OrderPaymentFailed.class, "order.payment_failed"),
            Map.entry(PublishedOrderEvent.OrderCanceled.class, "order.canceled"),
            Map.entry(PublishedOrderEvent.OrderPaymentMismatch.class, "order.payment_mismatch"),
            Map.entry(PublishedOrderEvent.OrderPaid.class, "order.paid"),
            Map.entry(PublishedOrderEvent.OrderPartiallyRefunded.class, "order.partially_refunded"),
            Map.entry(PublishedOrderEvent.OrderRefunded.class, "order.refunded"),
            Map.entry(PublishedOrderEvent.OrderDisputed.class, "order.disputed"),
            Map.entry(PublishedOrderEvent.OrderDisputeWon.class, "order.dispute_won"),
            Map.entry(PublishedOrderEvent.OrderDisputeLost.class, "order.dispute_lost"));

    public OrderEventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        if (!nameOf(payload).equals(type)) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + nameOf(payload));
        }
    }

    public static OrderEventEnvelope of(String orderId, long sequence, String status, Instant occurredAt,
            PublishedOrderEvent payload) {
        return of(orderId, sequence, status, occurredAt, payload, null);
    }

    public static OrderEventEnvelope of(String orderId, long sequence, String status, Instant occurredAt,
            PublishedOrderEvent payload, Customer customer) {
        String type = nameOf(payload);
        UUID id = UUID.nameUUIDFromBytes((orderId + ":" + sequence + ":" + type).getBytes(StandardCharsets.UTF_8));
        return new OrderEventEnvelope(id, type, SCHEMA_VERSION, orderId, sequence, status, occurredAt, payload,
                customer);
    }

    public static String nameOf(PublishedOrderEvent payload) {
        return NAMES.get(payload.getClass());
    }
}
