package io.paybus.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfraIT {

    @TempDir
    Path dir;

    @Test
    void kafkaKeepsAcknowledgedRecordsAcrossARestart() throws Exception {
        int port = Ports.free();
        int controllerPort = Ports.free();
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"), port, controllerPort, "256m")) {
            broker.createTopics(List.of("restart.check"), 1);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart.check", "k", "kept")).get(10, TimeUnit.SECONDS);
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(readAll(broker.bootstrapServers(), "restart.check")).containsExactly("kept");
        }
    }

    @Test
    void postgresKeepsCommittedRowsAcrossARestart() throws Exception {
        int port = Ports.free();
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg"), port)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("restart_check"), PostgresServer.USER, "");
                 Statement s = c.createStatement()) {
                s.execute("create table t (v text)");
                s.execute("insert into t values ('kept')");
            }
        }
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg"), port);
             Connection c = DriverManager.getConnection(pg.jdbcUrl("restart_check"), PostgresServer.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select v from t")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void aKeptServerFlushesToDiskAndOnlyTheTestsSharedOneDoesNot() throws Exception {
        try (PostgresServer pg = PostgresServer.start(dir.resolve("pg-fsync"), Ports.free())) {
            assertThat(setting(pg, "fsync")).as("what the local stack and the benches run on").isEqualTo("on");
            assertThat(setting(pg, "synchronous_commit")).isEqualTo("on");
            assertThat(pg.durability()).isEqualTo("fsync=on, synchronous_commit=on");
        }
        assertThat(setting(EmbeddedInfra.shared().postgres(), "fsync")).as("tests trade durability for speed")
                .isEqualTo("off");
    }

    private static String setting(PostgresServer pg, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("settings_check"), PostgresServer.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
