package io.paybus.billing;

import org.springframework.jdbc.core.JdbcTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.platform.drift.DriftLedger;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.paybus.billing.provider.ProviderRejectedException;
import io.paybus.billing.renewal.UnknownRenewalException;
import io.paybus.billing.renewal.UnreadableScheduleEventException;
import io.paybus.events.EventCodec;
import io.paybus.events.EventCodecException;
import io.paybus.events.Topics;
import java.time.Clock;
import io.paybus.platform.deadletter.DeadLetterConsumer;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import io.paybus.platform.deadletter.DeadLetterStore;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;

/** The billing service's wiring: clock, codecs, the error policy of its consumers, its topics. */
@Configuration(proxyBeanMethods = false)
class BillingConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The renewals' consumer: its failures go to {@code billing.schedule-dlt} and are parked. */
    @Bean
    DeadLetterConsumer renewalDeadLetters() {
        return DeadLetterConsumer.of("billing-service", "billing-renewals", Topics.BILLING_SCHEDULE)
                .publishingTo(Topics.BILLING_SCHEDULE_DLT);
    }

    /**
     * The subscriptions' consumer of {@code payments.inbound}: its failures are parked here, and
     * their replays (to {@code payments.inbound}) are the billing service's alone; the order service,
     * which reads that topic too, sees them as ordinary redeliveries.
     */
    @Bean
    DeadLetterConsumer subscriptionDeadLetters() {
        return DeadLetterConsumer.of("billing-service", "billing-subscriptions", Topics.PAYMENTS_INBOUND);
    }

    /** The receipts' consumer of {@code orders.events} (the order service publishes it). */
    @Bean
    DeadLetterConsumer receiptDeadLetters() {
        return DeadLetterConsumer.of("billing-service", "billing-receipts", Topics.ORDERS_EVENTS);
    }

    /** Drift findings of subscriptions, in the platform's drift tables. */
    @Bean
    DriftLedger subscriptionDriftLedger(JdbcTemplate jdbc, Clock clock, MeterRegistry meters,
            io.paybus.platform.alert.OperatorAlerts alerts) {
        return new DriftLedger(jdbc, clock, meters, "subscriptions", alerts);
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** JSON of billing.schedule records (Jackson 2, ISO instants). */
    @Bean
    ObjectMapper billingJson() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * Retries transient failures with a pause, then dead-letters (billing.schedule-dlt and the
     * operators' list) before the offset moves; what no retry can fix is dead-lettered at once.
     */
    @Bean
    DeadLetterRecoverer billingRecoverer(DeadLetterStore store, KafkaTemplate<Object, Object> kafka,
            BillingProperties properties, DeadLetterConsumer renewalDeadLetters,
            DeadLetterConsumer subscriptionDeadLetters, DeadLetterConsumer receiptDeadLetters) {
        return DeadLetterRecoverer.builder(store, kafka)
                .consumer(renewalDeadLetters)
                .consumer(subscriptionDeadLetters)
                .consumer(receiptDeadLetters)
                .retries(properties.scheduleRetries(), properties.scheduleRetryWait())
                .notRetryable(EventCodecException.class, UnreadableScheduleEventException.class,
                        UnknownRenewalException.class, ProviderRejectedException.class)
                .build();
    }

    @Bean
    DefaultErrorHandler billingErrorHandler(DeadLetterRecoverer recoverer) {
        return recoverer.errorHandler();
    }



}
