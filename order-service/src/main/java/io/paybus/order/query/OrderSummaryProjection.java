package io.paybus.order.query;

import io.paybus.order.command.OrderEvent.OrderPlaced;
import io.paybus.order.command.OrderEvent.PaymentConfirmed;
import io.paybus.order.command.OrderEvent.PaymentFailureRecorded;
import io.paybus.order.command.OrderEvent.PaymentMismatched;
import io.paybus.order.command.OrderEvent.PaymentFactRecorded;
import io.paybus.order.command.OrderEvent.RefundRecorded;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.order.command.ProviderDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

/**
 * Projects order events into the {@code order_summary} read model. Runs in its own streaming
 * processor, so it can be reset and rebuilt from the event store at any time.
 *
 * <p>{@code paybus_order_end_to_end_lag_seconds{provider}}: for each provider fact projected live
 * (not during a rebuild), the time from the provider's event to the read model showing it, the
 * whole pipeline (webhook, ingest, Kafka, the aggregate, the projection).
 */
@Component
@ProcessingGroup(OrderSummaryProjection.PROCESSING_GROUP)
public class OrderSummaryProjection {

    public static final String PROCESSING_GROUP = "order-summary";

    private static final double[] LAG_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600};

    private final OrderSummaryRepository summaries;
    private final MeterRegistry meters;
    private final Clock clock;

    OrderSummaryProjection(OrderSummaryRepository summaries, MeterRegistry meters, Clock clock) {
        this.summaries = summaries;
        this.meters = meters;
        this.clock = clock;
    }

    /** After a provider fact was projected live: how long after the provider's event. */
    private void projected(ProviderDelivery delivery, ReplayStatus replay) {
        if (replay.isReplay() || ProviderDelivery.PAYBUS.equals(delivery.provider())) {
            return;
        }
        summaries.afterWritten(() -> DistributionSummary.builder("paybus.order.end.to.end.lag").baseUnit("seconds")
                .description("time from the provider's event to the read model showing it")
                .tag("provider", delivery.provider()).serviceLevelObjectives(LAG_BUCKETS).register(meters)
                .record(Math.max(0, Duration.between(delivery.occurredAt(), clock.instant()).toMillis()) / 1000.0));
    }

    @EventHandler
    void on(OrderPlaced event, @Timestamp Instant at) {
        summaries.apply(event.orderId().value(), event.status().name(), event.provider(), event.providerRef(),
                event.amount().minor(), event.amount().currency(), 0, at, event.customer());
    }

    @EventHandler
    void on(PaymentConfirmed event, @Timestamp Instant at, ReplayStatus replay) {
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                event.paymentRef(), event.amount().minor(), event.amount().currency(), 0, at, event.delivery().buyer());
        projected(event.delivery(), replay);
    }

    @EventHandler
    void on(PaymentMismatched event, @Timestamp Instant at, ReplayStatus replay) {
        // Not the order's payment: its status changes, its payment and amount stay as placed.
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(), null, null,
                null, 0, at, event.delivery().buyer());
        projected(event.delivery(), replay);
    }

    @EventHandler
    void on(PaymentFailureRecorded event, @Timestamp Instant at, ReplayStatus replay) {
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                event.paymentRef(), null, null, 0, at, event.delivery().buyer());
        projected(event.delivery(), replay);
    }

    @EventHandler
    void on(PaymentFactRecorded event, @Timestamp Instant at, ReplayStatus replay) {
        // The fact's reference may be a charge or dispute: the order's payment stays as it was.
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                null, null, null, 0, at, event.delivery().buyer());
        projected(event.delivery(), replay);
    }

    @EventHandler
    void on(io.paybus.order.command.OrderEvent.CaptureDeclined event, @Timestamp Instant at) {
        summaries.apply(event.orderId().value(), event.status().name(), "PAYPAL", null, null, null, 0, at, event.delivery().buyer());
    }

    @EventHandler
    void on(io.paybus.order.command.OrderEvent.InterventionRecorded event, @Timestamp Instant at) {
        boolean paid = event.action() == io.paybus.order.command.Intervention.MARK_PAID;
        summaries.intervened(event.orderId().value(), event.status().name(), paid ? event.paymentRef() : null,
                paid ? event.amount().minor() : null, paid ? event.amount().currency() : null, at);
    }

    @EventHandler
    void on(RefundRecorded event, @Timestamp Instant at, ReplayStatus replay) {
        summaries.apply(event.orderId().value(), event.status().name(), event.delivery().provider(),
                event.paymentRef(), null, event.refundedTotal().currency(), event.refundedTotal().minor(), at, event.delivery().buyer());
        projected(event.delivery(), replay);
    }

    @ResetHandler
    void reset() {
        summaries.deleteAll();
    }
}
