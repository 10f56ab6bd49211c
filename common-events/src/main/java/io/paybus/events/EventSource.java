package io.paybus.events;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a provider event reached Paybus: by its webhook, or recovered from the provider's API
 * because its webhook never arrived (a reconciliation sweep, a backfill). A recovered event is the
 * same provider event as its webhook would have been (same ids, same normalization), published once.
 *
 * <p>A {@link #SNAPSHOT} is not a provider event but what a provider object's state, as listed from
 * its API, implies: for a first install, a window older than the provider keeps events, or a drift
 * repair. It is dated when the object was read ({@code occurredAt}), carries the payload its state
 * implies ({@code payment.succeeded} for a succeeded PaymentIntent, {@code subscription.changed} for
 * a subscription, …) and a {@code providerEventId} of the form {@code snapshot:<object>:<what>:<digest of
 * the state>}, so the same state listed twice is the same event. Consumers apply it like any other
 * fact, by provider time: a snapshot older than a fact already applied changes nothing.
 */
public enum EventSource {
    /** Delivered by the provider's webhook. */
    WEBHOOK,
    /** Found missing by a scheduled reconciliation sweep and published from the provider's events API. */
    SWEEP,
    /** Found missing by an operator's backfill over a chosen window. */
    BACKFILL,
    /** What a provider object's state implies, as read from the provider's API at {@code occurredAt}. */
    SNAPSHOT;

    /** The prefix of a snapshot's {@code providerEventId}. */
    public static final String SNAPSHOT_PREFIX = "snapshot:";

    /** The name on the wire: {@code webhook}, {@code sweep}, {@code backfill}, {@code snapshot}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventSource ofWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event source '" + wire + "'"));
    }

    /**
     * A snapshot's {@code providerEventId}: {@code snapshot:<object id>:<what>:<digest>}, the digest
     * the first 16 hex digits of the SHA-256 of {@code state} (the object as read). The same state
     * read twice is the same event; a changed state is a new one.
     */
    public static String snapshotId(String objectId, String what, String state) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(state.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return SNAPSHOT_PREFIX + objectId + ":" + what + ":" + java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean recovered() {
        return this != WEBHOOK;
    }
}
