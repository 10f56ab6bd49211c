package io.paybus.ingest;

import io.paybus.infra.EmbeddedInfra;
import java.util.function.Supplier;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What every ingest integration test points at: a Kafka broker, the shared PostgreSQL, the test secret. */
public final class IngestTestProperties {

    private IngestTestProperties() {
    }

    public static void register(DynamicPropertyRegistry registry, Supplier<Object> bootstrapServers) {
        registry.add("spring.kafka.bootstrap-servers", bootstrapServers);
        registry.add("spring.datasource.url", () -> EmbeddedInfra.shared().postgres().jdbcUrl("ingest_it"));
        registry.add("paybus.ingest.stripe.secrets[0]", () -> WebhookClient.SECRET);
        io.paybus.testsupport.TestCredentials.register(registry::add);
    }

    public static void register(DynamicPropertyRegistry registry) {
        register(registry, () -> EmbeddedInfra.shared().kafka().bootstrapServers());
    }
}
