package io.paybus.order.inbound;

import io.paybus.events.EventCodec;
import io.paybus.events.Topics;
import io.paybus.order.deadletter.Parking;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Adapter from {@code payments.inbound} to the order aggregate: decode, send one command, wait for
 * it to be stored (subscription events are skipped: they are the billing service's). A record of
 * an order with a parked dead letter waits behind it ({@link Parking}). A failure propagates to the container's error handler (retries, then the
 * dead-letter topic); the offset is committed only after the command succeeded or the record was
 * dead-lettered.
 */
@Component
class InboundPaymentListener {

    private final EventCodec codec;
    private final CommandGateway commands;
    private final Parking parking;

    InboundPaymentListener(EventCodec codec, CommandGateway commands, Parking parking) {
        this.codec = codec;
        this.commands = commands;
        this.parking = parking;
    }

    @KafkaListener(id = "order-inbound", groupId = "order-service", topics = Topics.PAYMENTS_INBOUND)
    void on(ConsumerRecord<String, byte[]> record) {
        if (!parking.admit(record)) {
            return;
        }
        InboundCommands.from(codec.decode(record.value())).ifPresent(commands::sendAndWait);
        parking.applied(record);
    }
}
