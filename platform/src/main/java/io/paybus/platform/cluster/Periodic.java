package io.paybus.platform.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A task run every {@code every} on its own daemon thread while the application runs (started and
 * stopped with the context): the platform's sweeps (replay leases, dead-letter alarms, the alert
 * relay). A round that fails is logged and the next one comes; the task itself must be safe on
 * several instances (a conditional update, {@code skip locked}, or {@link ClusterOnce}).
 */
public final class Periodic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private final String name;
    private final String failure;
    private final Duration firstAfter;
    private final Duration every;
    private final Runnable task;
    private ScheduledExecutorService timer;

    /**
     * @param name    the thread's name
     * @param failure what a failed round did not do, for the log ("could not …")
     */
    public Periodic(String name, String failure, Duration firstAfter, Duration every, Runnable task) {
        this.name = name;
        this.failure = failure;
        this.firstAfter = firstAfter;
        this.every = every;
        this.task = task;
    }

    private void round() {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("{} (again in {}): {}", failure, every, e.getMessage());
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(run -> {
            Thread thread = new Thread(run, name);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::round, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
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
