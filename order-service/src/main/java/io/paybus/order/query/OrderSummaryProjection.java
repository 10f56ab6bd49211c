package io.paybus.order.query;

import io.paybus.order.command.OrderEvent.OrderPlaced;
import io.paybus.order.command.OrderEvent.PaymentConfirmed;
import io.paybus.order.command.OrderEvent.PaymentFailureRecorded;
import io.paybus.order.command.OrderEvent.PaymentMismatched;
import io.paybus.order.command.OrderEvent.PaymentFactRecorded;
import io.paybus.order.command.OrderEvent.RefundRecorded;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Projects order events into the {@code order_summary} read model. Runs in its own streaming
 * processor, so it can be reset and rebuilt from the event store at any time.
 */
@Component
@ProcessingGroup(OrderSummaryProjection.PROCESSING_GROUP)
public class OrderSummaryProjection {

    public static final String PROCESSING_GROUP = "order-summary";

    private final OrderSummaryRepository summaries;

    OrderSummaryProjection(OrderSummaryRepository summaries) {
        this.summaries = summaries;
    }

    @EventHandler
    void on(OrderPlaced event, @Timestamp Instant at) {
        summaries.apply(event.orderId().value(), event.status().name(), event.provider(), event.providerRef(),
                event.amount().minor(), event.amount().currency(), 0, at);
    }

    @EventHandler
    void on(PaymentConfirmed event, @Timestamp Instant at) {
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                event.paymentRef(), event.amount().minor(), event.amount().currency(), 0, at);
    }

    @EventHandler
    void on(PaymentMismatched event, @Timestamp Instant at) {
        // Not the order's payment: its status changes, its payment and amount stay as placed.
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(), null, null,
                null, 0, at);
    }

    @EventHandler
    void on(PaymentFailureRecorded event, @Timestamp Instant at) {
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                event.paymentRef(), null, null, 0, at);
    }

    @EventHandler
    void on(PaymentFactRecorded event, @Timestamp Instant at) {
        // The fact's reference may be a charge or dispute: the order's payment stays as it was.
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                null, null, null, 0, at);
    }

    @EventHandler
    void on(RefundRecorded event, @Timestamp Instant at) {
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                event.paymentRef(), null, event.refundedTotal().currency(), event.refundedTotal().minor(), at);
    }

    @ResetHandler
    void reset() {
        summaries.deleteAll();
    }
}
