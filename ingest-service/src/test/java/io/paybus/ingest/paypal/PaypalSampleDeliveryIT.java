package io.paybus.ingest.paypal;

import static io.paybus.ingest.WebhookClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.ingest.IngestTestProperties;
import io.paybus.ingest.WebhookClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real PayPal sandbox delivery, byte for byte over HTTP, with the service's clock set to the
 * moment PayPal sent it: it verifies (and is acknowledged as a type Paybus does not act on);
 * one changed byte does not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaypalSampleDeliveryIT {

    @TestConfiguration
    static class SentAtClock {
        @Bean
        @Primary
        Clock sampleClock() {
            return Clock.fixed(PaypalSample.SENT_AT.plusSeconds(1), ZoneOffset.UTC);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        var certificates = PaypalSample.pinnedCertificateDirectory(Files.createTempDirectory("paypal-sample-"));
        IngestTestProperties.register(registry);
        registry.add("paybus.ingest.paypal.webhook-id", () -> PaypalSample.WEBHOOK_ID);
        registry.add("paybus.ingest.paypal.certificate-directory", certificates::toString);
        registry.add("paybus.ingest.paypal.fetch-certificates", () -> "false");
        registry.add("paybus.ingest.paypal.sandbox", () -> "true");
    }

    @Test
    void theRealDeliveryVerifiesAndAChangedByteDoesNot() {
        WebhookClient client = new WebhookClient(port);
        byte[] body = PaypalSample.body();

        var response = client.postPaypal(body, PaypalSample.headers());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(io.paybus.testsupport.ApiClient.json(response).path("status").asText()).isEqualTo("ignored");
        assertThat(io.paybus.testsupport.ApiClient.json(response).path("type").asText())
                .isEqualTo("PAYMENTS.PAYMENT.CREATED");

        byte[] tampered = body.clone();
        tampered[body.length / 2] ^= 0x01;
        assertProblem(client.postPaypal(tampered, PaypalSample.headers()), 400, "signature_invalid");
    }
}
