package io.paybus.ingest.stripe;

import io.paybus.ingest.webhook.WebhookAnswer;
import io.paybus.ingest.webhook.WebhookIngestion;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /webhooks/stripe}: verify, translate, publish; 2xx only once Kafka has the record. */
@RestController
class StripeWebhookController {

    private final StripeSignatureVerifier verifier;
    private final StripeEventTranslator translator;
    private final WebhookIngestion ingestion;
    private final Clock clock;

    StripeWebhookController(StripeSignatureVerifier verifier, StripeEventTranslator translator,
            WebhookIngestion ingestion, Clock clock) {
        this.verifier = verifier;
        this.translator = translator;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    @PostMapping(path = "/webhooks/stripe", produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookAnswer receive(@RequestHeader(name = "Stripe-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        Instant receivedAt = clock.instant();
        String payload = verifier.verify(body == null ? new byte[0] : body, signature);
        return ingestion.ingest("stripe", translator.translate(payload, receivedAt), receivedAt);
    }
}
