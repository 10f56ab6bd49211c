package io.paybus.order.inbound;

import io.paybus.events.EventCodec;
import io.paybus.order.OrderProperties;
import io.paybus.events.Topics;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adapter from {@code payments.inbound} to the order aggregate: decode, send one command per
 * record, wait for it to be stored (subscription events are skipped: they are the billing
 * service's). A record of an order with a parked dead letter waits behind it ({@link DeadLetterRecoverer#admit}).
 *
 * <p>A poll's records are applied in one database transaction (one commit, one WAL flush, for the
 * whole batch; Axon's units of work join it), and the offsets are committed after it. When any
 * record fails, that transaction rolls back as a whole and the records are applied again one by one,
 * each in its own transaction, so the container's error handler retries and finally dead-letters
 * exactly the failing record; the records before it are stored and their offsets committed.
 */
@Component
class InboundPaymentListener {

    private final EventCodec codec;
    private final CommandGateway commands;
    private final DeadLetterRecoverer parking;
    private final TransactionTemplate transaction;

    InboundPaymentListener(EventCodec codec, CommandGateway commands, DeadLetterRecoverer parking,
            PlatformTransactionManager transactions, OrderProperties properties) {
        this.codec = codec;
        this.commands = commands;
        this.parking = parking;
        this.transaction = new TransactionTemplate(transactions);
        // Bounded, so no event commits later than the processors wait for gaps (see OrderProperties.EventStore).
        this.transaction.setTimeout((int) Math.max(1, properties.inboundTransactionTimeout().toSeconds()));
    }

    @KafkaListener(id = "order-inbound", groupId = "order-service", topics = Topics.PAYMENTS_INBOUND, batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        if (records.size() > 1) {
            try {
                transaction.executeWithoutResult(tx -> records.forEach(this::apply));
                return;
            } catch (RuntimeException oneFailed) {
                // nothing of the batch was stored: one by one below finds the record that fails
            }
        }
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> record = records.get(i);
            try {
                transaction.executeWithoutResult(tx -> apply(record));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("record " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " failed", e, i);
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (!parking.admit(record)) {
            return;
        }
        InboundCommands.from(codec.decode(record.value())).ifPresent(commands::sendAndWait);
        parking.applied(record);
    }
}
