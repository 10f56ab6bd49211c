package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookAnswer;
import io.paybus.ingest.webhook.WebhookIngestion;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /webhooks/paypal}: verify offline, translate, publish; 2xx only once Kafka has the record. */
@RestController
class PaypalWebhookController {

    private final Optional<PaypalSignatureVerifier> verifier;
    private final PaypalEventTranslator translator;
    private final WebhookIngestion ingestion;
    private final Clock clock;

    PaypalWebhookController(Optional<PaypalSignatureVerifier> verifier, PaypalEventTranslator translator,
            WebhookIngestion ingestion, Clock clock) {
        this.verifier = verifier;
        this.translator = translator;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    @PostMapping(path = "/webhooks/paypal", produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookAnswer receive(
            @RequestHeader(name = "PAYPAL-TRANSMISSION-ID", required = false) String transmissionId,
            @RequestHeader(name = "PAYPAL-TRANSMISSION-TIME", required = false) String transmissionTime,
            @RequestHeader(name = "PAYPAL-TRANSMISSION-SIG", required = false) String signature,
            @RequestHeader(name = "PAYPAL-CERT-URL", required = false) String certUrl,
            @RequestHeader(name = "PAYPAL-AUTH-ALGO", required = false) String authAlgo,
            @RequestBody(required = false) byte[] body) {
        Instant receivedAt = clock.instant();
        byte[] bytes = body == null ? new byte[0] : body;
        PaypalSignatureVerifier configured = verifier.orElseThrow(() -> new WebhookRejectedException(
                Rejection.ENDPOINT_NOT_CONFIGURED, "no PayPal webhook id configured (paybus.ingest.paypal.webhook-id)"));
        configured.verify(bytes, PaypalTransmission.of(transmissionId, transmissionTime, signature, certUrl, authAlgo));
        return ingestion.ingest("paypal",
                translator.translate(bytes, new String(bytes, StandardCharsets.UTF_8), receivedAt), receivedAt);
    }
}
