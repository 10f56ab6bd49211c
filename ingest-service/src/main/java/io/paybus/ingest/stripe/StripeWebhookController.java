package io.paybus.ingest.stripe;

import io.paybus.ingest.webhook.Endpoints;
import io.paybus.ingest.webhook.WarmUpToken;
import io.paybus.ingest.webhook.WebhookAnswer;
import io.paybus.ingest.webhook.WebhookIngestion;
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
 * {@code POST /webhooks/stripe} (default endpoint) and {@code /webhooks/stripe/{endpoint}} (named
 * ones): verify, translate, publish; 2xx only once Kafka has the record.
 */
@RestController
class StripeWebhookController {

    private final Endpoints<StripeSignatureVerifier> endpoints;
    private final StripeEventTranslator translator;
    private final WebhookIngestion ingestion;
    private final Clock clock;

    StripeWebhookController(Endpoints<StripeSignatureVerifier> endpoints, StripeEventTranslator translator,
            WebhookIngestion ingestion, Clock clock) {
        this.endpoints = endpoints;
        this.translator = translator;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    @PostMapping(path = {"/webhooks/stripe", "/webhooks/stripe/{endpoint}"}, produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookAnswer receive(@PathVariable Optional<String> endpoint,
            @RequestHeader(name = "Stripe-Signature", required = false) String signature,
            @RequestHeader(name = WarmUpToken.HEADER, required = false) String warmUp,
            @RequestBody(required = false) byte[] body) {
        Instant receivedAt = clock.instant();
        byte[] bytes = body == null ? new byte[0] : body;
        String payload = endpoints.verifierFor(endpoint).verify(bytes, signature);
        return ingestion.ingest("stripe", translator.translate(bytes, payload, receivedAt), receivedAt, warmUp);
    }
}
