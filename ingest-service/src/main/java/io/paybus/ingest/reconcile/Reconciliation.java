package io.paybus.ingest.reconcile;

import io.paybus.ingest.IngestProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reconciliation's verbs and its schedule. Every {@code check}, an instance resumes the runs
 * nobody holds (their instance stopped, or a page failed) and starts each account's sweep when its
 * last one began {@code sweep-every} ago; the window is {@code [now - sweep-window, now -
 * sweep-delay]}. Runs are worked one at a time per instance, by one thread; across instances a run
 * is one instance's by its lease, and an account has one running sweep at a time (a unique index).
 */
public class Reconciliation implements SmartLifecycle {

    /** Why a verb was refused; the web layer maps it to a problem. */
    public static class Refused extends RuntimeException {
        public enum Reason { UNKNOWN_ACCOUNT, WINDOW_INVALID, NOT_FOUND, NOT_RUNNING }

        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final Reconciler reconciler;
    private final ReconcileRuns runs;
    private final IngestProperties.Reconcile properties;
    private final Clock clock;
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private ExecutorService worker;
    private ScheduledExecutorService timer;

    public Reconciliation(Reconciler reconciler, ReconcileRuns runs, IngestProperties.Reconcile properties,
            Clock clock) {
        this.reconciler = reconciler;
        this.runs = runs;
        this.properties = properties;
        this.clock = clock;
    }

    public List<String> accounts() {
        return reconciler.accounts().keySet().stream().sorted().toList();
    }

    /** Sweeps the account now (every account when {@code null}); the runs started (an account already sweeping is skipped). */
    public List<ReconcileRun> sweepNow(String account, String requestedBy, String reason) {
        List<ReconcileRun> started = new ArrayList<>();
        for (String name : account == null ? accounts() : List.of(known(account))) {
            Instant now = clock.instant();
            runs.start(name, "sweep", now.minus(properties.sweepWindow()), now.minus(properties.sweepDelay()),
                    requestedBy, reason).ifPresent(run -> {
                        started.add(run);
                        submit(run.id());
                    });
        }
        return started;
    }

    /**
     * Starts a backfill of the account's events created in {@code [since, until]}, or with
     * {@code objects} of its objects created then (each published as the snapshot its state implies).
     */
    public ReconcileRun backfill(String account, Instant since, Instant until, boolean objects, String requestedBy,
            String reason) {
        String name = known(account);
        if (objects && !reconciler.objectAccounts().containsKey(name)) {
            throw new Refused(Refused.Reason.UNKNOWN_ACCOUNT, "the objects of " + name + " cannot be listed");
        }
        Instant end = until == null ? clock.instant() : until;
        if (since == null || !since.isBefore(end)) {
            throw new Refused(Refused.Reason.WINDOW_INVALID, "since must be before until (or now)");
        }
        ReconcileRun run = runs.start(name, objects ? Reconciler.OBJECTS : "backfill", since, end, requestedBy, reason)
                .orElseThrow();
        submit(run.id());
        return run;
    }

    public ReconcileRun cancel(long id) {
        ReconcileRun run = runs.find(id).orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, "no run " + id));
        if (!runs.cancel(id)) {
            throw new Refused(Refused.Reason.NOT_RUNNING, "run " + id + " is " + run.status());
        }
        return runs.find(id).orElseThrow();
    }

    public Optional<ReconcileRun> find(long id) {
        return runs.find(id);
    }

    public List<ReconcileRun> recent(String account, String kind, Long before, int limit) {
        return runs.recent(account, kind, before, limit);
    }

    /** Resumes what nobody holds and starts the sweeps that are due. */
    void tick() {
        try {
            runs.orphaned().forEach(this::submit);
            if (!properties.sweep()) {
                return;
            }
            for (String account : accounts()) {
                Optional<Instant> last = runs.lastSweepStarted(account);
                if (last.isEmpty() || !last.get().plus(properties.sweepEvery()).isAfter(clock.instant())) {
                    sweepNow(account, "schedule", "scheduled sweep");
                }
            }
        } catch (RuntimeException e) {
            log.warn("reconciliation schedule failed: {}", e.toString());
        }
    }

    private String known(String account) {
        if (!reconciler.accounts().containsKey(account)) {
            throw new Refused(Refused.Reason.UNKNOWN_ACCOUNT, "no account " + account
                    + " is configured for reconciliation (known: " + accounts() + ")");
        }
        return account;
    }

    private void submit(long id) {
        ExecutorService running = worker;
        if (running == null || !queued.add(id)) {
            return;
        }
        running.execute(() -> {
            try {
                reconciler.run(id);
            } catch (RuntimeException e) {
                log.error("reconciliation run {} failed: {}", id, e.toString(), e);
            } finally {
                queued.remove(id);
            }
        });
    }

    @Override
    public synchronized void start() {
        worker = Executors.newSingleThreadExecutor(daemon("reconcile-worker"));
        timer = Executors.newSingleThreadScheduledExecutor(daemon("reconcile-schedule"));
        timer.scheduleWithFixedDelay(this::tick, 2_000, properties.check().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            worker.shutdownNow();
            timer = null;
            worker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return run -> {
            Thread thread = new Thread(run, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
