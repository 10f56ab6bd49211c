package io.paybus.billing.renewal;

import java.time.Instant;

/** A subscription period to renew and where its renewal stands. */
record Renewal(String subscriptionId, Instant periodStart, Instant periodEnd, RenewalState state, int attempts,
               Instant nextAttemptAt, String invoiceRef) {

    /** The period in idempotency keys: its start in epoch seconds. */
    String periodKey() {
        return Long.toString(periodStart.getEpochSecond());
    }
}
