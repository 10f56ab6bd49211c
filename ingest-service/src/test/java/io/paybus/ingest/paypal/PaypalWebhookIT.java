package io.paybus.ingest.paypal;

import static io.paybus.ingest.WebhookClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paybus.events.EventCodec;
import io.paybus.infra.samples.PaypalSigner;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.TopicReader;
import io.paybus.events.Money;
import io.paybus.events.PaymentSucceeded;
import io.paybus.ingest.IngestTestProperties;
import io.paybus.ingest.WebhookClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** PayPal deliveries signed like PayPal signs them, verified offline, published to the real broker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PaypalWebhookIT {

    private static final String WEBHOOK_ID = "WH-ID-PAYBUS-TEST";
    private static PaypalSigner signer;
    private static final TopicReader topic = IngestTestProperties.inboundTopic();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        signer = PaypalSigner.loadOrCreate(Files.createTempDirectory("paypal-it-"));
        IngestTestProperties.register(registry);
        registry.add("paybus.ingest.paypal.webhook-id", () -> WEBHOOK_ID);
        registry.add("paybus.ingest.paypal.certificate-directory", () -> signer.certificateDirectory().toString());
        registry.add("paybus.ingest.paypal.fetch-certificates", () -> "false");
        registry.add("paybus.ingest.paypal.sandbox", () -> "true");
    }

    @Test
    void aSignedCaptureCompletedIsPublishedAsThePaymentOfItsOrder() throws Exception {
        String order = "order-" + UUID.randomUUID();
        byte[] body = PaypalEventTranslatorTest.event("WH-" + order, "PAYMENT.CAPTURE.COMPLETED",
                PaypalEventTranslatorTest.capture("CAP-" + order, order, "12.34", "EUR")).getBytes(StandardCharsets.UTF_8);

        var response = client().postPaypal(body, signer.headers(body, WEBHOOK_ID));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ApiClient.json(response).path("status").asText()).isEqualTo("accepted");
        await().atMost(Duration.ofSeconds(20)).until(() -> !topic.recordsWithKey(order).isEmpty());
        assertThat(topic.recordsWithKey(order)).singleElement()
                .satisfies(r -> assertThat(new EventCodec().decode(r.value()).payload())
                        .isEqualTo(new PaymentSucceeded("CAP-" + order, Money.of(1234, "EUR"))));
    }

    @Test
    void forgedOrRedirectedDeliveriesAreRefused() throws Exception {
        byte[] body = PaypalEventTranslatorTest.event("WH-x", "PAYMENT.CAPTURE.COMPLETED",
                PaypalEventTranslatorTest.capture("CAP-x", "order-x", "1.00", "USD")).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.headers(body, WEBHOOK_ID);

        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("1.00", "9.00").getBytes(StandardCharsets.UTF_8);
        assertProblem(client().postPaypal(tampered, headers), 400, "signature_invalid");
        assertProblem(client().postPaypal(body, signer.headers(body, "WH-ID-OTHER-ENDPOINT")), 400, "signature_invalid");

        Map<String, String> internal = new HashMap<>(headers);
        internal.put("PAYPAL-CERT-URL", "https://169.254.169.254/v1/notifications/certs/" + PaypalSigner.CERT_ID);
        assertProblem(client().postPaypal(body, internal), 400, "certificate_url_refused");

        Map<String, String> missing = new HashMap<>(headers);
        missing.remove("PAYPAL-TRANSMISSION-SIG");
        assertProblem(client().postPaypal(body, missing), 400, "signature_missing");
    }

    @Test
    void aTransmissionIdSeenBeforeWithAnotherBodyIsRefused() throws Exception {
        String order = "order-" + UUID.randomUUID();
        byte[] body = PaypalEventTranslatorTest.event("WH-r" + order, "PAYMENT.CAPTURE.COMPLETED",
                PaypalEventTranslatorTest.capture("CAP-r" + order, order, "5.00", "EUR")).getBytes(StandardCharsets.UTF_8);
        String transmission = UUID.randomUUID().toString();
        assertThat(client().postPaypal(body, signer.headers(body, WEBHOOK_ID, transmission)).statusCode())
                .isEqualTo(200);
        // The same transmission again with the same body is a redelivery, acknowledged.
        assertThat(ApiClient.json(client().postPaypal(body, signer.headers(body, WEBHOOK_ID, transmission)))
                .path("status").asText()).isEqualTo("duplicate");

        byte[] changed = new String(body, StandardCharsets.UTF_8).replace("5.00", "500.00")
                .getBytes(StandardCharsets.UTF_8);
        assertProblem(client().postPaypal(changed, signer.headers(changed, WEBHOOK_ID, transmission)), 400,
                "transmission_replayed");
    }

    private WebhookClient client() {
        return new WebhookClient(port);
    }

}
