package io.paybus.events;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a provider event reached Paybus: by its webhook, or recovered from the provider's API
 * because its webhook never arrived (a reconciliation sweep, a backfill). A recovered event is the
 * same provider event as its webhook would have been (same ids, same normalization), published once.
 */
public enum EventSource {
    /** Delivered by the provider's webhook. */
    WEBHOOK,
    /** Found missing by a scheduled reconciliation sweep and published from the provider's events API. */
    SWEEP,
    /** Found missing by an operator's backfill over a chosen window. */
    BACKFILL;

    /** The name on the wire: {@code webhook}, {@code sweep}, {@code backfill}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventSource ofWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event source '" + wire + "'"));
    }

    public boolean recovered() {
        return this != WEBHOOK;
    }
}
