package io.paybus.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the order service, under {@code paybus.order}.
 *
 * @param inboundRetries   attempts after the first before an inbound record is dead-lettered
 * @param inboundRetryWait wait between those attempts
 * @param snapshotThreshold events after which an order is snapshotted, so loading it stays fast
 */
@ConfigurationProperties("paybus.order")
public record OrderProperties(
        @DefaultValue("3") int inboundRetries,
        @DefaultValue("500ms") Duration inboundRetryWait,
        @DefaultValue("100") int snapshotThreshold,
        @DefaultValue("60s") Duration inboundTransactionTimeout,
        @DefaultValue EventStore eventStore,
        @DefaultValue Drift drift) {

    /**
     * Drift detection: every {@code every}, {@code sample} orders picked at random are compared
     * with their provider (on one instance at a time); {@code enabled=false} leaves only the
     * on-demand checks.
     */
    public record Drift(@DefaultValue("true") boolean enabled, @DefaultValue("6h") Duration every,
                        @DefaultValue("10m") Duration firstAfter, @DefaultValue("100") int sample) {
    }

    /**
     * How the read model's and the publisher's processors treat gaps in the event store's global
     * index (a sequence value taken by a transaction that has not committed yet). A gap is waited
     * for until it is older than {@code gapTimeout} and however far the processors moved on
     * ({@code maxGapOffset}); both must exceed what the longest transaction can take, which
     * {@code inboundTransactionTimeout} bounds. Axon's defaults (60 s, 10,000 positions) let an
     * event committed behind 10,000 faster ones be skipped for ever.
     */
    public record EventStore(@DefaultValue("10m") Duration gapTimeout,
                             @DefaultValue("100000000") int maxGapOffset,
                             @DefaultValue("1000") int gapCleaningThreshold) {
    }
}
