package io.paybus.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.infra.samples.StripeSamples;
import io.paybus.ingest.webhook.WarmUpToken;
import io.paybus.testsupport.ApiClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Before it reports ready, the instance posts signed deliveries to its own webhook: they are
 * answered 200 and counted, but none reaches the ledger or the topic. Once it is ready the warm-up's
 * header means nothing: a delivery that carries it is ingested like any other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "paybus.ingest.warm-up.enabled=true", "paybus.ingest.warm-up.max-duration=3s",
        "paybus.ingest.warm-up.min-deliveries=50", "paybus.ingest.warm-up.concurrency=2"})
class WarmUpIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ReadinessWitness readiness;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestTestProperties.register(registry);
    }

    @Test
    void theWarmUpRunsBeforeReadinessAndLeavesNoTrace() {
        double warmUps = meters.get("paybus.ingest.warm.up.deliveries").counter().count();
        assertThat(warmUps).as("at least min-deliveries, over kept connections").isGreaterThanOrEqualTo(50);
        assertThat(readiness.deliveriesWhenReady.get())
                .as("warm-up deliveries answered when readiness turned to ACCEPTING_TRAFFIC")
                .isEqualTo(warmUps);

        assertThat(jdbc.queryForObject(
                "select count(*) from webhook_delivery where provider_event_id like 'evt_warmup%'", Integer.class))
                .isZero();
        // A delivery posted after them is on the topic once answered; none of theirs is before it.
        String marker = "evt_after_warm_up_" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> answer = new WebhookClient(port).postStripe(StripeSamples.load()
                .paymentIntentSucceeded(marker, "o-" + marker, "pi_" + marker, 100, "usd", Instant.now().getEpochSecond()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> IngestTestProperties.inboundTopic().recordsWithKey("o-" + marker).size() == 1);
        assertThat(IngestTestProperties.inboundTopic().records())
                .noneMatch(record -> record.key() != null && record.key().startsWith("ord_warmup"));
    }

    @Test
    void afterTheWarmUpItsHeaderIsIngestedLikeAnyDelivery() throws Exception {
        String event = "evt_header_" + UUID.randomUUID().toString().substring(0, 8);
        String body = StripeSamples.load()
                .paymentIntentSucceeded(event, "o-" + event, "pi_" + event, 100, "usd", Instant.now().getEpochSecond());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                        .header("Content-Type", "application/json")
                        .header("Stripe-Signature",
                                StripeSamples.sign(body, WebhookClient.SECRET, Instant.now().getEpochSecond()))
                        .header(WarmUpToken.HEADER, "0".repeat(64))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(ApiClient.json(answer).path("status").asText()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from webhook_delivery where provider_event_id = ?", Integer.class, event) == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> IngestTestProperties.inboundTopic().recordsWithKey("o-" + event).size() == 1);
    }

    /** Counts the warm-up's deliveries at the moment the instance turns ready. */
    static final class ReadinessWitness implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

        final AtomicReference<Double> deliveriesWhenReady = new AtomicReference<>();
        private final MeterRegistry meters;

        ReadinessWitness(MeterRegistry meters) {
            this.meters = meters;
        }

        @Override
        public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
            if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
                deliveriesWhenReady.set(meters.get("paybus.ingest.warm.up.deliveries").counter().count());
            }
        }
    }

    @TestConfiguration
    static class Witness {
        @Bean
        ReadinessWitness readinessWitness(MeterRegistry meters) {
            return new ReadinessWitness(meters);
        }
    }
}
