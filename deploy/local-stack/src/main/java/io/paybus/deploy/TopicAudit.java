package io.paybus.deploy;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The bench's check that every acknowledged delivery is on the topic exactly once: reads a topic
 * from its beginning to its end and, for each label, counts the records whose key starts with
 * {@code ord_<label>} and how many distinct keys they have (the bench's orders get one event each).
 *
 * <pre>java -cp paybus-local-stack.jar io.paybus.deploy.TopicAudit BOOTSTRAP TOPIC LABEL...</pre>
 * prints {@code LABEL records=N distinct=M} per label.
 */
public final class TopicAudit {

    private TopicAudit() {
    }

    public static void main(String[] args) {
        String bootstrap = args[0];
        String topic = args[1];
        List<String> labels = List.of(args).subList(2, args.length);
        Map<String, Integer> records = new HashMap<>();
        Map<String, Set<String>> keys = new HashMap<>();
        labels.forEach(l -> keys.put(l, new HashSet<>()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-audit-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "" : record.key();
                    for (String label : labels) {
                        if (key.startsWith("ord_" + label)) {
                            records.merge(label, 1, Integer::sum);
                            keys.get(label).add(key);
                        }
                    }
                }
            }
        }
        for (String label : labels) {
            System.out.printf("%s records=%d distinct=%d%n", label, records.getOrDefault(label, 0), keys.get(label).size());
        }
    }
}
