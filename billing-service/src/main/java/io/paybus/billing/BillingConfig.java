package io.paybus.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.paybus.billing.deadletter.DeadLetters;
import io.paybus.billing.provider.ProviderRejectedException;
import io.paybus.billing.renewal.UnknownRenewalException;
import io.paybus.billing.renewal.UnreadableScheduleEventException;
import io.paybus.events.EventCodec;
import io.paybus.events.EventCodecException;
import io.paybus.events.Topics;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.platform.deadletter.DeadLetterGauges;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** The billing service's wiring: clock, codecs, the error policy of its consumers, its topics. */
@Configuration(proxyBeanMethods = false)
class BillingConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Depth and age of the parked records, as every service reports its dead letters. */
    @Bean
    DeadLetterGauges scheduleDeadLetterGauges(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        return new DeadLetterGauges(jdbc, clock, meters, "billing-service/billing", "schedule_dead_letter");
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
    DefaultErrorHandler billingErrorHandler(DeadLetters deadLetters, BillingProperties properties) {
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters,
                new FixedBackOff(properties.scheduleRetryWait().toMillis(), properties.scheduleRetries()));
        handler.addNotRetryableExceptions(EventCodecException.class, UnreadableScheduleEventException.class,
                UnknownRenewalException.class, ProviderRejectedException.class);
        return handler;
    }

    /** Consumed here (subscription events); created when this service starts first. */
    @Bean
    NewTopic paymentsInboundTopic(BillingProperties properties) {
        return TopicBuilder.name(Topics.PAYMENTS_INBOUND).partitions(properties.topicPartitions()).build();
    }

    @Bean
    NewTopic billingScheduleTopic(BillingProperties properties) {
        return TopicBuilder.name(Topics.BILLING_SCHEDULE).partitions(properties.topicPartitions()).build();
    }

    @Bean
    NewTopic billingScheduleDeadLetterTopic(BillingProperties properties) {
        return TopicBuilder.name(Topics.BILLING_SCHEDULE_DLT).partitions(properties.topicPartitions()).build();
    }

    @Bean
    NewTopic billingEventsTopic(BillingProperties properties) {
        return TopicBuilder.name(Topics.BILLING_EVENTS).partitions(properties.topicPartitions()).build();
    }
}
