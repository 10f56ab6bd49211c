package io.paybus.billing.subscription;

import io.paybus.events.EventCodec;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Subscription, invoice and subscription-payment events from {@code payments.inbound}; others are the order service's. */
@Component
class SubscriptionEventListener {

    private final EventCodec codec;
    private final SubscriptionStore subscriptions;
    private final DeadLetterRecoverer deadLetters;

    SubscriptionEventListener(EventCodec codec, SubscriptionStore subscriptions, DeadLetterRecoverer deadLetters) {
        this.codec = codec;
        this.subscriptions = subscriptions;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "billing-subscriptions", groupId = "${paybus.billing.consumer-group:billing-service}", topics = Topics.PAYMENTS_INBOUND)
    void on(ConsumerRecord<String, byte[]> record) {
        PaymentEnvelope envelope = codec.decode(record.value());
        subscriptions.apply(envelope);
        deadLetters.applied(record);
    }
}
