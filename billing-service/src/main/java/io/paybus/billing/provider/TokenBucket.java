package io.paybus.billing.provider;

import java.time.Duration;

/**
 * Keeps provider calls under a rate: {@code rate} tokens per second, at most {@code burst} saved
 * up. A 429 from the provider pauses every caller until its {@code Retry-After} has passed.
 * Real time ({@code System.nanoTime()}), not the business clock: rates are about the provider now.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long refilledAt;
    private long pausedUntil;

    public TokenBucket(double ratePerSecond, int burst) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
        this.pausedUntil = refilledAt;
    }

    /** Blocks until a call may go. */
    public void acquire() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
                refilledAt = now;
                if (now - pausedUntil < 0) {
                    wait = pausedUntil - now;
                } else if (tokens >= 1) {
                    tokens -= 1;
                    return;
                } else {
                    wait = (long) Math.ceil((1 - tokens) / ratePerNano);
                }
            }
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** The provider said 429: nobody calls before {@code retryAfter} has passed, and the saved-up burst is gone. */
    public synchronized void pause(Duration retryAfter) {
        long until = System.nanoTime() + retryAfter.toNanos();
        if (until - pausedUntil > 0) {
            pausedUntil = until;
        }
        tokens = 0;
    }
}
