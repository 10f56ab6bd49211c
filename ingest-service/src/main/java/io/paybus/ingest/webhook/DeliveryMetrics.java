package io.paybus.ingest.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

    /** Buckets of the receive lag, in seconds: an alert asks for its P95 (deploy/prometheus). */
    private static final double[] LAG_BUCKETS = {0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86_400};

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> lastAccepted = new ConcurrentHashMap<>();
    // Built once per series: a builder's register() looks the meter up by its tags on every call.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> lags = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * A webhook published: counted, its receive lag (provider event time to receipt) recorded in
     * {@code paybus_ingest_provider_lag_seconds} (a histogram), and
     * {@code paybus_ingest_last_delivery_timestamp_seconds{provider}} set to now.
     */
    public void accepted(String provider, String type, Instant occurredAt, Instant receivedAt) {
        count(provider, type, "accepted");
        lags.computeIfAbsent(provider, p -> DistributionSummary.builder("paybus.ingest.provider.lag")
                .baseUnit("seconds")
                .description("time from the provider's event to its receipt")
                .tag("provider", p)
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(meters))
                .record(Math.max(0, Duration.between(occurredAt, receivedAt).toMillis()) / 1000.0);
        lastAccepted.computeIfAbsent(provider, p -> {
            AtomicLong last = new AtomicLong();
            Gauge.builder("paybus.ingest.last.delivery.timestamp", last, AtomicLong::get)
                    .description("when a webhook of the provider was last published (epoch seconds)")
                    .baseUnit("seconds").tag("provider", p).register(meters);
            return last;
        }).set(receivedAt.getEpochSecond());
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

    /** Refused with 503 {@code ingest_overloaded}: more webhooks were publishing than allowed. */
    public void overloaded(String provider) {
        count(provider, "ingest_overloaded", "overloaded");
    }

    private void count(String provider, String type, String outcome) {
        counters.computeIfAbsent(provider + '\n' + type + '\n' + outcome, key -> Counter.builder("paybus.ingest.deliveries")
                .tag("provider", provider)
                .tag("type", type)
                .tag("outcome", outcome)
                .register(meters))
                .increment();
    }
}
