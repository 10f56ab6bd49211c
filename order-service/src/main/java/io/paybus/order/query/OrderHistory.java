package io.paybus.order.query;

import io.paybus.order.command.OrderEvent;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * An order's full history, read straight from the event store (the audit log), not from a
 * projection: every event in order, with when it happened at the provider and when we stored it.
 */
@Component
class OrderHistory {

    /** One stored event of an order. */
    record Entry(long sequence, String type, String status, String provider, String providerEventId,
                 Instant occurredAt, Instant recordedAt, OrderEvent event) {
    }

    private final EventStore eventStore;

    OrderHistory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** At most {@code limit} of the order's events, from sequence {@code from} on. */
    List<Entry> of(String orderId, long from, int limit) {
        try (java.util.stream.Stream<? extends DomainEventMessage<?>> events = eventStore.readEvents(orderId, from)
                .asStream()) {
            return events.limit(limit).map(OrderHistory::entry).toList();
        }
    }

    private static Entry entry(DomainEventMessage<?> message) {
        OrderEvent event = (OrderEvent) message.getPayload();
        return new Entry(message.getSequenceNumber(), event.getClass().getSimpleName(), event.status().name(),
                event.delivery().provider(), event.delivery().providerEventId(), event.delivery().occurredAt(),
                message.getTimestamp(), event);
    }
}
