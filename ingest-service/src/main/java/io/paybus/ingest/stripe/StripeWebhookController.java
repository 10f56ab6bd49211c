package io.paybus.ingest.stripe;

import io.paybus.ingest.publish.InboundEventPublisher;
import io.paybus.ingest.webhook.DeliveryMetrics;
import io.paybus.ingest.webhook.WebhookAnswer;
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
    private final InboundEventPublisher publisher;
    private final DeliveryMetrics metrics;
    private final Clock clock;

    StripeWebhookController(StripeSignatureVerifier verifier, StripeEventTranslator translator,
            InboundEventPublisher publisher, DeliveryMetrics metrics, Clock clock) {
        this.verifier = verifier;
        this.translator = translator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    @PostMapping(path = "/webhooks/stripe", produces = MediaType.APPLICATION_JSON_VALUE)
    WebhookAnswer receive(@RequestHeader(name = "Stripe-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        Instant receivedAt = clock.instant();
        String payload = verifier.verify(body == null ? new byte[0] : body, signature);
        StripeEventTranslator.Translation translation = translator.translate(payload, receivedAt);
        if (translation.envelope().isEmpty()) {
            metrics.ignored("stripe", translation.eventType());
            return WebhookAnswer.ignored(translation.eventType());
        }
        var envelope = translation.envelope().get();
        publisher.publish(envelope);
        metrics.accepted("stripe", translation.eventType(), envelope.occurredAt(), receivedAt);
        return WebhookAnswer.accepted(envelope);
    }
}
