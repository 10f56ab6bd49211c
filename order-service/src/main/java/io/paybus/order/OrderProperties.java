package io.paybus.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the order service, under {@code paybus.order}.
 *
 * @param topicPartitions  partitions of the topics this service creates when missing
 * @param inboundRetries   attempts after the first before an inbound record is dead-lettered
 * @param inboundRetryWait wait between those attempts
 * @param snapshotThreshold events after which an order is snapshotted, so loading it stays fast
 */
@ConfigurationProperties("paybus.order")
public record OrderProperties(
        @DefaultValue("6") int topicPartitions,
        @DefaultValue("3") int inboundRetries,
        @DefaultValue("500ms") Duration inboundRetryWait,
        @DefaultValue("100") int snapshotThreshold,
        @DefaultValue("5m") Duration replayLease,
        @DefaultValue("30s") Duration replayLeaseCheck) {
}
