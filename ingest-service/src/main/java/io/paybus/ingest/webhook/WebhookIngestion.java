package io.paybus.ingest.webhook;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.events.PaymentEnvelope;
import io.paybus.ingest.IngestProperties;
import io.paybus.ingest.dedup.DeliveryLedger;
import io.paybus.ingest.publish.InboundEventPublisher;
import io.paybus.ingest.publish.PublishFailedException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * The common end of every provider's webhook: publish what matters, count everything.
 *
 * <p>At most {@code paybus.ingest.max-in-flight} deliveries publish at once; one more is refused
 * at once with {@link IngestOverloadedException} (503, the provider retries) instead of queueing
 * behind them. Offered more than it can take, the service keeps answering within a bounded time
 * and keeps publishing at its capacity; what it accepted is published as before.
 */
@Component
public class WebhookIngestion {

    private final InboundEventPublisher publisher;
    private final DeliveryLedger ledger;
    private final DeliveryMetrics metrics;
    private final WarmUpToken warmUp;

    private final boolean dedup;
    private final int maxInFlight;
    private final Semaphore inFlight;

    public WebhookIngestion(InboundEventPublisher publisher, DeliveryLedger ledger, DeliveryMetrics metrics,
            WarmUpToken warmUp, IngestProperties properties, MeterRegistry meters) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.metrics = metrics;
        this.warmUp = warmUp;
        this.dedup = properties.dedup().enabled();
        this.maxInFlight = properties.maxInFlight();
        this.inFlight = new Semaphore(maxInFlight);
        Gauge.builder("paybus.ingest.in.flight", inFlight, s -> maxInFlight - s.availablePermits())
                .description("webhooks publishing now (paybus.ingest.max-in-flight at most)").register(meters);
    }

    /** Whether {@code max-in-flight} deliveries are publishing now: one more would be refused. */
    public boolean saturated() {
        return inFlight.availablePermits() == 0;
    }

    /**
     * Publishes the event (returning only once Kafka has it), acknowledges a redelivery of one
     * published before without publishing it again, or acknowledges an ignored type.
     */
    public WebhookAnswer ingest(String provider, Translation translation, Instant receivedAt) {
        return ingest(provider, translation, receivedAt, null);
    }

    /**
     * As {@link #ingest(String, Translation, Instant)}; a delivery whose {@code warmUpHeader} is the
     * running warm-up's token ({@link WarmUpToken}) is encoded as for Kafka and answered, but neither
     * recorded, published nor counted.
     */
    public WebhookAnswer ingest(String provider, Translation translation, Instant receivedAt, String warmUpHeader) {
        if (translation.envelope().isEmpty()) {
            metrics.ignored(provider, translation.eventType());
            return WebhookAnswer.ignored(translation.eventType());
        }
        PaymentEnvelope envelope = translation.envelope().get();
        EnvelopeLimits.check(envelope);
        if (!inFlight.tryAcquire()) {
            throw new IngestOverloadedException(maxInFlight);
        }
        boolean handedToLedger = false;
        try {
            if (warmUpHeader != null && warmUp.matches(warmUpHeader)) {
                publisher.rehearse(envelope);
                return WebhookAnswer.accepted(envelope);
            }
            if (!dedup) {
                publisher.publish(envelope);
            } else {
                CompletableFuture<DeliveryLedger.Outcome> answer = ledger.submit(envelope);
                // The slot is freed by whoever completes the answer: the ledger's writer, the moment
                // the batch is acknowledged, not this thread once it is scheduled again: under a flood,
                // with the cores busy refusing, that wake-up can take milliseconds, and the slot of a
                // delivery already published would stay taken meanwhile (#15).
                answer.whenComplete((outcome, failure) -> inFlight.release());
                handedToLedger = true;
                DeliveryLedger.Outcome outcome;
                try {
                    outcome = ledger.await(answer);
                } catch (PublishFailedException e) {
                    // No answer in time (or a failure): completing it here frees the slot even if the
                    // ledger never answers; an answer that comes later changes nothing.
                    answer.completeExceptionally(e);
                    throw e;
                }
                if (outcome == DeliveryLedger.Outcome.DUPLICATE) {
                    metrics.duplicate(provider, translation.eventType());
                    return WebhookAnswer.duplicate(envelope);
                }
            }
        } finally {
            if (!handedToLedger) {
                inFlight.release();
            }
        }
        metrics.accepted(provider, translation.eventType(), envelope.occurredAt(), receivedAt);
        return WebhookAnswer.accepted(envelope);
    }
}
