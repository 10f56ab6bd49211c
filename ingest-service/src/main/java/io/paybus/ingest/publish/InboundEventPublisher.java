package io.paybus.ingest.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.paybus.events.EventCodec;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes normalized events to {@link Topics#PAYMENTS_INBOUND}, keyed by order id, and returns
 * only once Kafka acknowledged the record ({@code acks=all}, idempotent producer).
 *
 * <p>This wait is what lets the webhook answer 2xx truthfully: an answer before the
 * acknowledgement could lose an event the provider will never resend. When Kafka does not answer
 * within the timeout, {@link PublishFailedException}: the webhook answers 503 and the provider
 * retries later.
 */
public final class InboundEventPublisher implements EventSender {

    /** Set on an event recovered by reconciliation ({@code sweep}, {@code backfill}); absent on a webhook's. */
    public static final String SOURCE_HEADER = "paybus-source";

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventCodec codec;
    private final Duration timeout;
    private final Timer latency;

    public InboundEventPublisher(KafkaTemplate<String, byte[]> kafka, EventCodec codec, Duration timeout,
            MeterRegistry meters) {
        this.kafka = kafka;
        this.codec = codec;
        this.timeout = timeout;
        this.latency = Timer.builder("paybus.ingest.publish")
                .description("time from send to Kafka acknowledgement of a normalized event")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Publishes and waits for the acknowledgement. */
    public void publish(PaymentEnvelope envelope) {
        await(send(envelope));
    }

    /**
     * Starts publishing; the future completes when Kafka acknowledged, or fails with
     * {@link PublishFailedException}. Used to publish a batch and then wait for all of it.
     */
    @Override
    public CompletableFuture<Void> send(PaymentEnvelope envelope) {
        ProducerRecord<String, byte[]> record = record(envelope);
        long began = System.nanoTime();
        try {
            return kafka.send(record).handle((result, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    throw new PublishFailedException("Kafka refused the record: " + cause.getMessage(), cause);
                }
                latency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
                return null;
            });
        } catch (RuntimeException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms.
            return CompletableFuture.failedFuture(new PublishFailedException("Kafka is unavailable: " + e.getMessage(), e));
        }
    }

    /**
     * The record {@link #send} would send, built and dropped: a warm-up delivery
     * ({@code WarmUpToken}) runs the encoding and nothing reaches Kafka.
     */
    public void rehearse(PaymentEnvelope envelope) {
        record(envelope);
    }

    private ProducerRecord<String, byte[]> record(PaymentEnvelope envelope) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.PAYMENTS_INBOUND, envelope.key(), codec.encode(envelope));
        if (envelope.source().recovered()) {
            // For consumers that route on headers: the same as the envelope's source field.
            record.headers().add(SOURCE_HEADER, envelope.source().wire().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Waits for a {@link #send} at most the publish timeout. */
    @Override
    public void await(CompletableFuture<Void> sent) {
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PublishFailedException failed) {
                throw failed;
            }
            throw new PublishFailedException("Kafka refused the record: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge within " + timeout, e);
        }
    }
}
