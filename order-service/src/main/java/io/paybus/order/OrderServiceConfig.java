package io.paybus.order;

import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.platform.drift.DriftLedger;
import io.paybus.events.EventCodec;
import io.paybus.events.EventCodecException;
import io.paybus.events.Topics;
import io.paybus.order.command.CurrencyMismatchException;
import io.paybus.order.command.Order;
import io.paybus.order.command.RefundExceedsCaptureException;
import io.paybus.order.publish.OrderEventsPublisher;
import io.paybus.order.query.OrderSummaryProjection;
import java.time.Clock;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import io.paybus.platform.deadletter.DeadLetterConsumer;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import io.paybus.platform.deadletter.DeadLetterStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** The order service's wiring: the aggregate, the inbound error policy and its topics. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class OrderServiceConfig {

    /** Failures that no retry can fix: the record goes to the dead letters at once. */
    @SuppressWarnings("unchecked")
    private static final Class<? extends Exception>[] NOT_RETRYABLE = new Class[] {
            EventCodecException.class, CurrencyMismatchException.class, RefundExceedsCaptureException.class};

    /** The consumer of {@code payments.inbound}, as its dead letters and their replays name it. */
    static final DeadLetterConsumer INBOUND_DEAD_LETTERS = DeadLetterConsumer
            .of("order-service", "order-inbound", Topics.PAYMENTS_INBOUND)
            .publishingTo(Topics.PAYMENTS_INBOUND_DLT)
            .parkingLaterRecordsOfAKey();

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Drift findings of orders, in the platform's drift tables. */
    @Bean
    DriftLedger orderDrift(JdbcTemplate jdbc, Clock clock, MeterRegistry meters,
            io.paybus.platform.alert.OperatorAlerts alerts) {
        return new DriftLedger(jdbc, clock, meters, "orders", alerts);
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /**
     * Registers the aggregate without Spring annotations on it (the domain stays framework-light),
     * snapshotted every {@code snapshot-threshold} events.
     */
    @Bean
    ConfigurerModule orderAggregate(OrderProperties properties) {
        // Axon's Spring snapshotter only knows @Aggregate beans: this one is built for Order.
        return configurer -> configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(Order.class)
                .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                        AggregateSnapshotter.builder()
                                .eventStore(c.eventStore())
                                .aggregateFactories(new GenericAggregateFactory<>(Order.class))
                                .parameterResolverFactory(c.parameterResolverFactory())
                                .handlerDefinition(c.handlerDefinition(Order.class))
                                .transactionManager(c.getComponent(TransactionManager.class))
                                .build(),
                        properties.snapshotThreshold())));
    }

    /**
     * An inbound record that fails is written to {@code payments.inbound-dlt} (same partition,
     * with the exception in headers) and parked for operators, before the consumer's offset moves
     * past it; later records of its order are parked behind it.
     */
    /**
     * Event handler failures are never logged and skipped (Axon's default), which would leave the
     * read model or the public topic behind. The read model's failures go to Axon's sequenced
     * dead-letter queue (later events of the same order queue behind them; operators replay them
     * at {@code /projection-dead-letters}); the publisher's are retried until Kafka takes them, the
     * PayPal captures' until PayPal answers.
     */
    @Bean
    ConfigurerModule eventHandlerFailures(ConnectionProvider connections, TransactionManager transactions,
            Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer) {
        return configurer -> configurer.eventProcessing()
                .registerDeadLetterQueue(OrderSummaryProjection.PROCESSING_GROUP,
                        c -> JdbcSequencedDeadLetterQueue.builder()
                                .processingGroup(OrderSummaryProjection.PROCESSING_GROUP)
                                .connectionProvider(connections)
                                .transactionManager(transactions)
                                .schema(DeadLetterSchema.defaultSchema())
                                .genericSerializer(serializer)
                                .eventSerializer(eventSerializer)
                                .build())
                // Without it every event asks the queue whether its order has dead letters, one query
                // per event (12% of the projection's samples in the #15 rebuild profile). The cache
                // remembers per segment which orders it knows to be clear or queued, and asks the
                // queue again for a queued one, so a replay on another instance is seen.
                .registerDeadLetteringEventHandlerInvokerConfiguration(OrderSummaryProjection.PROCESSING_GROUP,
                        (c, invoker) -> invoker.enableSequenceIdentifierCache())
                .registerListenerInvocationErrorHandler(OrderEventsPublisher.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler("paypal-captures", c -> PropagatingErrorHandler.instance());
    }

    /**
     * The inbound consumer's dead letters: published to {@code payments.inbound-dlt} and parked; a
     * later record of an order with an open dead letter waits behind it (invariant 5).
     */
    @Bean
    DeadLetterConsumer inboundDeadLetters() {
        return INBOUND_DEAD_LETTERS;
    }

    @Bean
    DeadLetterRecoverer inboundRecoverer(DeadLetterStore store, KafkaTemplate<Object, Object> kafka,
            OrderProperties properties) {
        return DeadLetterRecoverer.builder(store, kafka)
                .consumer(INBOUND_DEAD_LETTERS)
                .retries(properties.inboundRetries(), properties.inboundRetryWait())
                .notRetryable(NOT_RETRYABLE)
                .build();
    }

    @Bean
    DefaultErrorHandler inboundErrorHandler(DeadLetterRecoverer recoverer) {
        return recoverer.errorHandler();
    }

}
