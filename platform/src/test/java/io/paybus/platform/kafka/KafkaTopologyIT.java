package io.paybus.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paybus.events.Topics;
import io.paybus.infra.EmbeddedInfra;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/** The topics every service declares, and the start-up comparison of a (one-broker) cluster with them. */
class KafkaTopologyIT {

    @Test
    void everyTopicIsDeclaredWithTheConfiguredReplicasAndMinInsyncReplicas() {
        List<NewTopic> declared = KafkaTopology.declared(new TopicProperties(12, (short) 3, 2));

        assertThat(declared).extracting(NewTopic::name).containsExactlyElementsOf(Topics.ALL);
        assertThat(declared).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(12);
            assertThat(topic.replicationFactor()).isEqualTo((short) 3);
            assertThat(topic.configs()).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        });
    }

    @Test
    void aMinInsyncAboveTheReplicationFactorIsRefusedAtStart() {
        assertThatThrownBy(() -> new TopicProperties(6, (short) 2, 3)).hasMessageContaining("no write could ever succeed");
    }

    @Test
    void aClusterSmallerThanTheReplicationFactorAndTopicsMadeWithFewerReplicasAreReported() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                EmbeddedInfra.shared().kafka().bootstrapServers()))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.OPERATIONS_ALERTS)) {
                admin.createTopics(List.of(new NewTopic(Topics.OPERATIONS_ALERTS, 1, (short) 1).configs(Map.of(
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1")))).all().get(10, TimeUnit.SECONDS);
            }

            assertThat(KafkaTopology.check(admin, new TopicProperties(6, (short) 1, 1))).isEmpty();
            assertThat(KafkaTopology.check(admin, new TopicProperties(6, (short) 3, 2)))
                    .contains("Kafka has 1 broker(s), fewer than paybus.kafka.topics.replication-factor=3: missing"
                            + " topics cannot be created, and a broker lost loses what only it held")
                    .contains("topic operations.alerts has 1 replica(s), fewer than the configured 3")
                    .contains("topic operations.alerts has min.insync.replicas=1, below the configured 2");
        }
    }
}
