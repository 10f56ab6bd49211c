package io.paybus.billing.renewal;

/** Where a period's renewal stands (stored by name in {@code renewal.state}). */
public enum RenewalState {
    /** Due, not attempted yet. */
    DUE,
    /** Declined; another attempt is scheduled. */
    RETRYING,
    /** Declined on its last attempt; canceled at the provider when the grace period ends. */
    PAST_DUE,
    SUCCEEDED,
    CANCELED;

    /** Nothing more happens to a renewal in this state. */
    boolean finished() {
        return this == SUCCEEDED || this == CANCELED;
    }
}
