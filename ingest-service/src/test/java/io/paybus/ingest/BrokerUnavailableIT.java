package io.paybus.ingest;

import io.paybus.testsupport.ApiClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.infra.KafkaBroker;
import io.paybus.infra.samples.StripeSamples;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With the broker stopped, a valid delivery gets 503 within a bounded time, never 2xx: the
 * provider keeps it and retries. Uses a broker of its own, since it stops it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerUnavailableIT {

    private static final KafkaBroker broker = KafkaBroker.startTemporary();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestTestProperties.register(registry, broker::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void answers503WhileTheBrokerIsDownAnd200OnceItIsBack() {
        StripeSamples samples = StripeSamples.load();
        WebhookClient client = new WebhookClient(port);
        long now = Instant.now().getEpochSecond();
        assertThat(client.postStripe(samples.paymentIntentSucceeded("evt_up", "o-1", "pi_1", 100, "usd", now))
                .statusCode()).isEqualTo(200);

        broker.stop();
        long began = System.nanoTime();
        HttpResponse<String> down = client.postStripe(
                samples.paymentIntentSucceeded("evt_down", "o-2", "pi_2", 100, "usd", now));
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
        assertThat(ApiClient.json(down).path("code").asText()).isEqualTo("broker_unavailable");
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(took).isLessThan(Duration.ofSeconds(15));

        broker.start();
        // The provider's retry of the refused delivery is published, not dropped as a duplicate:
        // nothing was recorded for it while Kafka was down.
        HttpResponse<String> retried = client.postStripe(
                samples.paymentIntentSucceeded("evt_down", "o-2", "pi_2", 100, "usd", now));
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(retried).path("status").asText()).isEqualTo("accepted");
    }
}
