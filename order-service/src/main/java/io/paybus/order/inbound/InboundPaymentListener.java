package io.paybus.order.inbound;

import io.paybus.events.EventCodec;
import io.paybus.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Adapter from {@code payments.inbound} to the order aggregate: decode, send one command, wait for
 * it to be stored (subscription events are skipped: they are the billing service's). A failure propagates to the container's error handler (retries, then the
 * dead-letter topic); the offset is committed only after the command succeeded or the record was
 * dead-lettered.
 */
@Component
class InboundPaymentListener {

    private final EventCodec codec;
    private final CommandGateway commands;

    InboundPaymentListener(EventCodec codec, CommandGateway commands) {
        this.codec = codec;
        this.commands = commands;
    }

    @KafkaListener(id = "order-inbound", groupId = "order-service", topics = Topics.PAYMENTS_INBOUND)
    void on(ConsumerRecord<String, byte[]> record) {
        InboundCommands.from(codec.decode(record.value())).ifPresent(commands::sendAndWait);
    }
}
