package io.paybus.ingest.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * A reconciliation run as operators see it: which account, which window, how far it went and what
 * it found. A run lists the window newest first, so {@code position} (the creation time of the
 * last event handled) moves from {@code windowEnd} towards {@code windowStart}.
 */
public record ReconcileRun(long id, String account, String kind, Instant windowStart, Instant windowEnd,
                           String cursor, Instant position, long scanned, long relevant, long delivered,
                           long recovered, long unreadable, String status, String requestedBy, String reason,
                           String lastError, Instant startedAt, Instant updatedAt, Instant finishedAt) {

    /**
     * How much of the window is done, 0 to 1. An object backfill goes through the window once per
     * kind of object: its cursor ({@code <kind>/<kinds>|…}) says which.
     */
    public double progress() {
        if ("DONE".equals(status)) {
            return 1;
        }
        double window = Math.max(1, Duration.between(windowStart, windowEnd).toMillis());
        double inWindow = position == null ? 0
                : Math.min(1, Math.max(0, Duration.between(position, windowEnd).toMillis() / window));
        if (!"objects".equals(kind) || cursor == null || cursor.indexOf('/') < 0) {
            return inWindow;
        }
        int kindIndex = Integer.parseInt(cursor.substring(0, cursor.indexOf('/')));
        int kinds = Integer.parseInt(cursor.substring(cursor.indexOf('/') + 1, cursor.indexOf('|')));
        boolean kindStarted = cursor.indexOf('|') + 1 < cursor.length();
        return Math.min(1, (kindIndex + (kindStarted ? inWindow : 0)) / Math.max(1, kinds));
    }

    /** Events listed per second since it started. */
    public double rate() {
        Instant until = finishedAt != null ? finishedAt : updatedAt;
        double seconds = Math.max(0.001, Duration.between(startedAt, until).toMillis() / 1000.0);
        return scanned / seconds;
    }

    /** Seconds left at the pace so far; {@code null} until there is a pace. */
    public Long etaSeconds() {
        double done = progress();
        if (done <= 0 || done >= 1 || !"RUNNING".equals(status)) {
            return done >= 1 ? 0L : null;
        }
        double elapsed = Duration.between(startedAt, updatedAt).toMillis() / 1000.0;
        return (long) Math.ceil(elapsed * (1 - done) / done);
    }

    /** The share of relevant events whose webhook never came: what the sweep found lost. */
    public double lossRate() {
        return relevant == 0 ? 0 : (double) recovered / relevant;
    }
}
