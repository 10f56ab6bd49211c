package io.paybus.deploy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same end-to-end contract on Testcontainers Kafka and PostgreSQL. Opt-in: runs only with
 * {@code ./mvnw verify -Pdocker}, and skips itself where no Docker daemon answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class PaymentEndToEndContainerIT extends PaymentEndToEndContract {

    @Container
    static final KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

    @BeforeAll
    static void startServices() throws SQLException {
        // One database per service, as in production: each owns its schema and its Flyway history.
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl(), postgres.getUsername(),
                postgres.getPassword()); Statement s = c.createStatement()) {
            s.execute("create database paybus_ingest");
            s.execute("create database paybus_billing");
            s.execute("create database paybus_notifications");
        }
        String ingestJdbc = postgres.getJdbcUrl().replace("/" + postgres.getDatabaseName(), "/paybus_ingest");
        String billingJdbc = postgres.getJdbcUrl().replace("/" + postgres.getDatabaseName(), "/paybus_billing");
        String notificationsJdbc = postgres.getJdbcUrl().replace("/" + postgres.getDatabaseName(),
                "/paybus_notifications");
        stack = Stack.startOn(new Stack.Infrastructure(kafka.getBootstrapServers(), postgres.getJdbcUrl(), ingestJdbc,
                billingJdbc, notificationsJdbc, postgres.getUsername(), postgres.getPassword()),
                SharedStack.freshConfig(), System.out);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
