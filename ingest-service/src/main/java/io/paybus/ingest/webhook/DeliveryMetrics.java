package io.paybus.ingest.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * {@code paybus.ingest.deliveries{provider,type,outcome}} counts every delivery by what became of
 * it; {@code paybus.ingest.provider.lag} is how long after the provider's event we received it.
 *
 * <p>The type tag is the provider's event type only for accepted and ignored deliveries, which
 * passed the signature check; for rejected ones it is the rejection code, so a forger cannot grow
 * the number of time series.
 */
@Component
public class DeliveryMetrics {

    private final MeterRegistry meters;

    public DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void accepted(String provider, String type, Instant occurredAt, Instant receivedAt) {
        count(provider, type, "accepted");
        DistributionSummary.builder("paybus.ingest.provider.lag")
                .baseUnit("seconds")
                .description("time from the provider's event to its receipt")
                .tag("provider", provider)
                .register(meters)
                .record(Math.max(0, Duration.between(occurredAt, receivedAt).toMillis()) / 1000.0);
    }

    public void duplicate(String provider, String type) {
        count(provider, type, "duplicate");
    }

    public void ignored(String provider, String type) {
        count(provider, type, "ignored");
    }

    public void rejected(String provider, String code) {
        count(provider, code, "rejected");
    }

    public void unavailable(String provider) {
        count(provider, "broker_unavailable", "unavailable");
    }

    private void count(String provider, String type, String outcome) {
        Counter.builder("paybus.ingest.deliveries")
                .tag("provider", provider)
                .tag("type", type)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
