package io.paybus.platform.provider;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps provider calls under a rate: {@code rate} tokens per second, at most {@code burst} saved
 * up. A 429 from the provider pauses every caller until its {@code Retry-After} has passed.
 * Real time ({@code System.nanoTime()} unless a test passes its own), not the business clock: rates are
 * about the provider now.
 */
public final class TokenBucket {

    /** How the bucket waits (real: {@code Thread.sleep}); tests pass a fake that moves their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long refilledAt;
    private long pausedUntil;

    public TokenBucket(double ratePerSecond, int burst) {
        this(ratePerSecond, burst, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
        this.pausedUntil = refilledAt;
    }

    /** Blocks until a call may go. */
    public void acquire() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                long now = nanoTime.getAsLong();
                if (now - refilledAt > 0) {
                    tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
                    refilledAt = now;
                }
                if (now - pausedUntil < 0) {
                    wait = pausedUntil - now;
                } else if (tokens >= 1) {
                    tokens -= 1;
                    return;
                } else {
                    wait = (long) Math.ceil((1 - tokens) / ratePerNano);
                }
            }
            sleeper.sleep(wait);
        }
    }

    /** The provider said 429: nobody calls before {@code retryAfter} has passed, and the saved-up burst is gone. */
    public synchronized void pause(Duration retryAfter) {
        long until = nanoTime.getAsLong() + retryAfter.toNanos();
        if (until - pausedUntil > 0) {
            pausedUntil = until;
        }
        // Nothing saved up, and nothing saved during the pause: after it, calls resume at the rate.
        tokens = 0;
        if (pausedUntil - refilledAt > 0) {
            refilledAt = pausedUntil;
        }
    }
}
