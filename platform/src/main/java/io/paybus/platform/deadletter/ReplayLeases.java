package io.paybus.platform.deadletter;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Parks again, every {@code paybus.dead-letters.replay-lease-check}, the replays whose lease ended
 * without the record being applied, so that nothing stays {@code REPLAYING} (and no later record of
 * its key waits behind it) after a crash between marking and sending. Safe on several instances:
 * one conditional update.
 */
final class ReplayLeases implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplayLeases.class);

    private final DeadLetterStore store;
    private final Duration every;
    private ScheduledExecutorService timer;

    ReplayLeases(DeadLetterStore store, Duration every) {
        this.store = store;
        this.every = every;
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(run -> {
            Thread thread = new Thread(run, "paybus-replay-leases");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::releaseExpired, 1000, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void releaseExpired() {
        try {
            int released = store.releaseExpiredReplays();
            if (released > 0) {
                log.warn("{} replay(s) were not applied within their lease: parked again", released);
            }
        } catch (RuntimeException e) {
            log.warn("could not look for expired replay leases: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
