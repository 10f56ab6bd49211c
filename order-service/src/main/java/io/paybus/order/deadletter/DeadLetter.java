package io.paybus.order.deadletter;

import java.time.Instant;

/**
 * An inbound record that was not applied: because it failed, or because an earlier record of the
 * same order had failed and it was parked behind it.
 *
 * @param status {@code PARKED} (waiting), {@code REPLAYING} (sent back to the inbound topic),
 *               {@code REPLAYED} (applied), {@code DISCARDED} (dropped by an operator)
 */
public record DeadLetter(long id, String orderKey, String sourceTopic, int sourcePartition, long sourceOffset,
                         String eventType, String providerEventId, String errorClass, String errorMessage,
                         String stackSummary, int attempts, String status, String discardReason, Instant createdAt,
                         Instant resolvedAt) {
}
