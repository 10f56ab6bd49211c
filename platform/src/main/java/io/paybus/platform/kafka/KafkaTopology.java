package io.paybus.platform.kafka;

import io.paybus.events.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Every Paybus topic ({@link Topics#ALL}), declared once for every service with the same
 * partitions, replication factor and {@code min.insync.replicas} ({@link TopicProperties});
 * whichever service starts first creates what is missing. At start, each service compares the
 * cluster with that: fewer brokers than the replication factor, or a topic made with fewer
 * replicas or a lower {@code min.insync.replicas} than configured, is logged as a warning (the
 * service still starts: a topic created by hand may be what the operator chose).
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(TopicProperties.class)
public class KafkaTopology {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopology.class);

    @Bean
    KafkaAdmin.NewTopics paybusTopics(TopicProperties topics) {
        return new KafkaAdmin.NewTopics(declared(topics).toArray(NewTopic[]::new));
    }

    /** The topics as {@code topics} says to make them. */
    public static List<NewTopic> declared(TopicProperties topics) {
        List<NewTopic> declared = new ArrayList<>();
        for (String name : Topics.ALL) {
            declared.add(TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicationFactor())
                    .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(topics.minInsyncReplicas()))
                    .build());
        }
        return declared;
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> replicationCheck(KafkaAdmin admin, TopicProperties topics) {
        return ready -> {
            try (Admin client = Admin.create(admin.getConfigurationProperties())) {
                check(client, topics).forEach(log::warn);
            } catch (RuntimeException e) {
                log.warn("could not compare the Kafka cluster with paybus.kafka.topics: {}", e.toString());
            }
        };
    }

    /** What differs between the cluster and {@code topics}, in words for the log; empty when all is as configured. */
    public static List<String> check(Admin client, TopicProperties topics) {
        List<String> problems = new ArrayList<>();
        try {
            Collection<?> brokers = client.describeCluster().nodes().get(10, TimeUnit.SECONDS);
            if (brokers.size() < topics.replicationFactor()) {
                problems.add("Kafka has " + brokers.size() + " broker(s), fewer than paybus.kafka.topics"
                        + ".replication-factor=" + topics.replicationFactor() + ": missing topics cannot be created,"
                        + " and a broker lost loses what only it held");
            }
            List<String> existing = new ArrayList<>(client.listTopics().names().get(10, TimeUnit.SECONDS));
            existing.retainAll(Topics.ALL);
            if (existing.isEmpty()) {
                return problems;
            }
            Map<String, TopicDescription> described = client.describeTopics(existing).allTopicNames()
                    .get(10, TimeUnit.SECONDS);
            List<ConfigResource> resources = existing.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<ConfigResource, Config> configs = client.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
            for (String name : existing) {
                int replicas = described.get(name).partitions().stream().mapToInt(p -> p.replicas().size()).min()
                        .orElse(0);
                if (replicas < topics.replicationFactor()) {
                    problems.add("topic " + name + " has " + replicas + " replica(s), fewer than the configured "
                            + topics.replicationFactor());
                }
                var minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                if (minIsr != null && Integer.parseInt(minIsr.value()) < topics.minInsyncReplicas()) {
                    problems.add("topic " + name + " has min.insync.replicas=" + minIsr.value()
                            + ", below the configured " + topics.minInsyncReplicas());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            problems.add("could not describe the Kafka cluster: " + e.getMessage());
        }
        return problems;
    }
}
