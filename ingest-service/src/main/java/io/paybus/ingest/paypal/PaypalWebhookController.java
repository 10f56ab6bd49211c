package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Endpoints;
import io.paybus.ingest.webhook.WebhookAnswer;
import io.paybus.ingest.webhook.WebhookIngestion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/paypal} (default endpoint) and {@code /webhooks/paypal/{endpoint}} (named
 * ones): verify offline, translate, publish; 2xx only once Kafka has the record.
 */
@RestController
class PaypalWebhookController {

    private final Endpoints<PaypalSignatureVerifier> endpoints;
    private final PaypalEventTranslator translator;
    private final WebhookIngestion ingestion;
    private final PaypalTransmissions transmissions;
    private final Clock clock;

    PaypalWebhookController(Endpoints<PaypalSignatureVerifier> endpoints, PaypalEventTranslator translator,
            WebhookIngestion ingestion, PaypalTransmissions transmissions, Clock clock) {
        this.endpoints = endpoints;
        this.translator = translator;
        this.ingestion = ingestion;
        this.transmissions = transmissions;
        this.clock = clock;
    }

    @PostMapping(path = {"/webhooks/paypal", "/webhooks/paypal/{endpoint}"}, produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookAnswer receive(@PathVariable Optional<String> endpoint,
            @RequestHeader(name = "PAYPAL-TRANSMISSION-ID", required = false) String transmissionId,
            @RequestHeader(name = "PAYPAL-TRANSMISSION-TIME", required = false) String transmissionTime,
            @RequestHeader(name = "PAYPAL-TRANSMISSION-SIG", required = false) String signature,
            @RequestHeader(name = "PAYPAL-CERT-URL", required = false) String certUrl,
            @RequestHeader(name = "PAYPAL-AUTH-ALGO", required = false) String authAlgo,
            @RequestBody(required = false) byte[] body) {
        Instant receivedAt = clock.instant();
        byte[] bytes = body == null ? new byte[0] : body;
        PaypalSignatureVerifier verifier = endpoints.verifierFor(endpoint);
        PaypalTransmission transmission = PaypalTransmission.of(transmissionId, transmissionTime, signature, certUrl,
                authAlgo);
        verifier.verify(bytes, transmission);
        transmissions.requireSameBodyAsBefore(transmission.transmissionId(), bytes);
        return ingestion.ingest("paypal",
                translator.translate(bytes, new String(bytes, StandardCharsets.UTF_8), receivedAt), receivedAt);
    }
}
