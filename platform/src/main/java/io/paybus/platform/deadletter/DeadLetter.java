package io.paybus.platform.deadletter;

import java.time.Instant;

/**
 * A record a consumer did not apply: because it failed, or because an earlier record of the same
 * key had failed and it was parked behind it ({@code errorClass} {@code ParkedBehind}).
 *
 * @param consumer the scope that failed it ({@link DeadLetterConsumer#scope()})
 * @param key      the record's key (an order, a subscription), as stored
 * @param attempts how often it was tried: the error handler's attempts, then one per replay
 * @param status   {@code PARKED} (waiting), {@code REPLAYING} (sent back to its topic, leased),
 *                 {@code REPLAYED} (applied), {@code DISCARDED} (dropped by an operator, with a reason)
 */
public record DeadLetter(long id, String consumer, String key, String sourceTopic, int sourcePartition,
                         long sourceOffset, String eventType, String providerEventId, String errorClass,
                         String errorMessage, String stackSummary, int attempts, String status, String discardReason,
                         Instant createdAt, Instant resolvedAt) {

    public static final String PARKED_BEHIND = "ParkedBehind";
}
