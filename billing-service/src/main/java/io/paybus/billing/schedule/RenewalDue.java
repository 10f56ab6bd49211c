package io.paybus.billing.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@code billing.schedule} carries, keyed by subscription id: a period of a subscription to
 * renew, and which attempt this is (a retry of the dunning schedule is a later attempt).
 */
public record RenewalDue(String subscriptionId, Instant periodStart, Instant periodEnd, int attempt,
                         Instant scheduledAt) {

    public RenewalDue {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more");
        }
    }
}
