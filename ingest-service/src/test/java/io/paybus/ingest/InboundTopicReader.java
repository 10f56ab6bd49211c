package io.paybus.ingest;

import io.paybus.events.EventCodec;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads everything on payments.inbound, from the beginning, as a downstream consumer would. */
public final class InboundTopicReader implements AutoCloseable {

    /** A record as it was on the topic: its key and its decoded value. */
    public record Received(String key, PaymentEnvelope envelope) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    private final List<Received> received = new ArrayList<>();

    public InboundTopicReader(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.PAYMENTS_INBOUND));
    }

    /** Everything read so far, after one more poll. */
    public List<Received> poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            received.add(new Received(r.key(), codec.decode(r.value())));
        }
        return List.copyOf(received);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
