package io.paybus.order;

import io.paybus.events.EventCodec;
import io.paybus.events.EventCodecException;
import io.paybus.events.Topics;
import io.paybus.order.command.CurrencyMismatchException;
import io.paybus.order.command.Order;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** The order service's wiring: the aggregate, the inbound error policy and its topics. */
@Configuration(proxyBeanMethods = false)
class OrderServiceConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    /** Registers the aggregate without Spring annotations on it (the domain stays framework-light). */
    @Bean
    ConfigurerModule orderAggregate() {
        return configurer -> configurer.configureAggregate(Order.class);
    }

    /**
     * An inbound record that fails is retried a bounded number of times, then written to
     * {@code payments.inbound-dlt} (same partition, with the exception in headers) before the
     * consumer's offset moves past it. Records that can never succeed skip the retries.
     */
    @Bean
    DefaultErrorHandler inboundErrorHandler(KafkaTemplate<Object, Object> kafka, OrderProperties properties) {
        var recoverer = new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.PAYMENTS_INBOUND_DLT, record.partition()));
        var handler = new DefaultErrorHandler(recoverer,
                new FixedBackOff(properties.inboundRetryWait().toMillis(), properties.inboundRetries()));
        handler.addNotRetryableExceptions(EventCodecException.class, CurrencyMismatchException.class);
        return handler;
    }

    @Bean
    NewTopic paymentsInboundTopic(OrderProperties properties) {
        return TopicBuilder.name(Topics.PAYMENTS_INBOUND).partitions(properties.topicPartitions()).build();
    }

    @Bean
    NewTopic paymentsInboundDeadLetterTopic(OrderProperties properties) {
        return TopicBuilder.name(Topics.PAYMENTS_INBOUND_DLT).partitions(properties.topicPartitions()).build();
    }
}
