package io.paybus.notification;

import io.paybus.events.EventCodec;
import io.paybus.events.EventCodecException;
import io.paybus.events.Topics;
import io.paybus.platform.deadletter.DeadLetterConsumer;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import io.paybus.platform.deadletter.DeadLetterStore;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The notification service's wiring: a mail or webhook that fails is tried again
 * ({@code delivery-retries} × {@code delivery-retry-wait}), then the record goes to the shared dead
 * letters (operators list, replay, discard at {@code /dead-letters}); an unreadable record at once.
 */
@Configuration(proxyBeanMethods = false)
class NotificationConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Bean
    DeadLetterConsumer orderNotificationDeadLetters() {
        return DeadLetterConsumer.of("notification-service", "notification-orders", Topics.ORDERS_EVENTS);
    }

    @Bean
    DeadLetterConsumer billingAlertDeadLetters() {
        return DeadLetterConsumer.of("notification-service", "notification-billing", Topics.BILLING_EVENTS);
    }

    @Bean
    DeadLetterConsumer operatorAlertDeadLetters() {
        return DeadLetterConsumer.of("notification-service", "notification-alerts", Topics.OPERATIONS_ALERTS);
    }

    @Bean
    DeadLetterRecoverer notificationRecoverer(DeadLetterStore store, KafkaTemplate<Object, Object> kafka,
            NotificationProperties properties, DeadLetterConsumer orderNotificationDeadLetters,
            DeadLetterConsumer billingAlertDeadLetters, DeadLetterConsumer operatorAlertDeadLetters) {
        return DeadLetterRecoverer.builder(store, kafka)
                .consumer(orderNotificationDeadLetters)
                .consumer(billingAlertDeadLetters)
                .consumer(operatorAlertDeadLetters)
                .retries(properties.deliveryRetries(), properties.deliveryRetryWait(), properties.deliveryRetryMaxWait())
                .notRetryable(EventCodecException.class)
                .build();
    }

    /** Each record carries its delivery attempt ({@code kafka_deliveryAttempt}): a failed try is counted retried or failed. */
    @Bean
    org.springframework.kafka.config.ContainerCustomizer<Object, Object,
            org.springframework.kafka.listener.ConcurrentMessageListenerContainer<Object, Object>> deliveryAttempts() {
        return container -> container.getContainerProperties().setDeliveryAttemptHeader(true);
    }

    @Bean
    DefaultErrorHandler notificationErrorHandler(DeadLetterRecoverer recoverer) {
        return recoverer.errorHandler();
    }

}
