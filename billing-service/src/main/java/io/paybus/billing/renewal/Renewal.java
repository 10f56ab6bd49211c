package io.paybus.billing.renewal;

import java.time.Instant;

/** A subscription period to renew and where its renewal stands. */
record Renewal(String subscriptionId, Instant periodStart, Instant periodEnd, String state, int attempts,
               Instant nextAttemptAt, String invoiceRef) {

    static final String DUE = "DUE";
    static final String RETRYING = "RETRYING";
    static final String PAST_DUE = "PAST_DUE";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String CANCELED = "CANCELED";

    /** The period in idempotency keys: its start in epoch seconds. */
    String periodKey() {
        return Long.toString(periodStart.getEpochSecond());
    }
}
