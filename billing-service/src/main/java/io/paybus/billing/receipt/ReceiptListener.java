package io.paybus.billing.receipt;

import io.paybus.events.EventCodec;
import io.paybus.events.Topics;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** {@code orders.events} into receipts and credit notes; what cannot be read goes to the dead letters. */
@Component
class ReceiptListener {

    private final EventCodec codec;
    private final Receipts receipts;
    private final DeadLetterRecoverer deadLetters;

    ReceiptListener(EventCodec codec, Receipts receipts, DeadLetterRecoverer deadLetters) {
        this.codec = codec;
        this.receipts = receipts;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "billing-receipts", groupId = "${paybus.billing.consumer-group:billing-service}", topics = Topics.ORDERS_EVENTS)
    void on(ConsumerRecord<String, byte[]> record) {
        receipts.apply(codec.decodeOrderEvent(record.value()));
        deadLetters.applied(record);
    }
}
