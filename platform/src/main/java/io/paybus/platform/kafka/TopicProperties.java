package io.paybus.platform.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Under {@code paybus.kafka.topics}: how every Paybus topic is created where it is missing. The
 * defaults are production's (three replicas, two in sync before {@code acks=all} is answered);
 * the local stack and the tests run one broker and set 1 and 1.
 *
 * @param partitions        partitions of each topic (records are keyed by order or subscription)
 * @param replicationFactor replicas of each partition
 * @param minInsyncReplicas {@code min.insync.replicas}: below it a write with {@code acks=all} is refused,
 *                          so the ingest service answers 503 rather than accept what one broker holds
 */
@ConfigurationProperties("paybus.kafka.topics")
public record TopicProperties(@DefaultValue("6") int partitions,
                              @DefaultValue("3") short replicationFactor,
                              @DefaultValue("2") int minInsyncReplicas) {

    public TopicProperties {
        if (partitions < 1 || replicationFactor < 1 || minInsyncReplicas < 1) {
            throw new IllegalArgumentException("paybus.kafka.topics: partitions, replication-factor and"
                    + " min-insync-replicas must be at least 1");
        }
        if (minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("paybus.kafka.topics.min-insync-replicas (" + minInsyncReplicas
                    + ") above replication-factor (" + replicationFactor + "): no write could ever succeed");
        }
    }
}
