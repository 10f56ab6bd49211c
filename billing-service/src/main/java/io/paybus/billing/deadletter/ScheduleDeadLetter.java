package io.paybus.billing.deadletter;

import java.time.Instant;

/** A record the billing service could not process, as operators see it. */
public record ScheduleDeadLetter(long id, String subscriptionId, String sourceTopic, int sourcePartition,
                                 long sourceOffset, String errorClass, String errorMessage, String stackSummary,
                                 String status, String discardReason, Instant createdAt, Instant resolvedAt) {
}
