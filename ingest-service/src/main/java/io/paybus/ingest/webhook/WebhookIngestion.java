package io.paybus.ingest.webhook;

import io.paybus.events.PaymentEnvelope;
import io.paybus.ingest.IngestProperties;
import io.paybus.ingest.dedup.DeliveryLedger;
import io.paybus.ingest.publish.InboundEventPublisher;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** The common end of every provider's webhook: publish what matters, count everything. */
@Component
public class WebhookIngestion {

    private final InboundEventPublisher publisher;
    private final DeliveryLedger ledger;
    private final DeliveryMetrics metrics;

    private final boolean dedup;

    public WebhookIngestion(InboundEventPublisher publisher, DeliveryLedger ledger, DeliveryMetrics metrics,
            IngestProperties properties) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.metrics = metrics;
        this.dedup = properties.dedup().enabled();
    }

    /**
     * Publishes the event (returning only once Kafka has it), acknowledges a redelivery of one
     * published before without publishing it again, or acknowledges an ignored type.
     */
    public WebhookAnswer ingest(String provider, Translation translation, Instant receivedAt) {
        if (translation.envelope().isEmpty()) {
            metrics.ignored(provider, translation.eventType());
            return WebhookAnswer.ignored(translation.eventType());
        }
        PaymentEnvelope envelope = translation.envelope().get();
        EnvelopeLimits.check(envelope);
        if (!dedup) {
            publisher.publish(envelope);
        } else if (ledger.publishOnce(envelope) == DeliveryLedger.Outcome.DUPLICATE) {
            metrics.duplicate(provider, translation.eventType());
            return WebhookAnswer.duplicate(envelope);
        }
        metrics.accepted(provider, translation.eventType(), envelope.occurredAt(), receivedAt);
        return WebhookAnswer.accepted(envelope);
    }
}
