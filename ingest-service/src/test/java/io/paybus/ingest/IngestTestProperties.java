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

    private static io.paybus.testsupport.TopicReader inbound;

    /** One reader of payments.inbound for every test of the module, from the topic's beginning. */
    public static synchronized io.paybus.testsupport.TopicReader inboundTopic() {
        if (inbound == null) {
            inbound = new io.paybus.testsupport.TopicReader(EmbeddedInfra.shared().kafka().bootstrapServers(),
                    io.paybus.events.Topics.PAYMENTS_INBOUND);
        }
        return inbound;
    }

    public static void register(DynamicPropertyRegistry registry) {
        register(registry, () -> EmbeddedInfra.shared().kafka().bootstrapServers());
    }
}
