package io.paybus.ingest.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * What operators watch of reconciliation, per provider account:
 * <ul>
 *   <li>{@code paybus_reconcile_events_total{account, kind, outcome}}: events listed by sweeps and
 *       backfills, {@code outcome} {@code delivered} (the ledger had it), {@code recovered} (it did
 *       not: published now; these are the losses), {@code ignored}, {@code unreadable};</li>
 *   <li>{@code paybus_reconcile_loss_ratio{account}}: recovered ÷ relevant of the last finished sweep;</li>
 *   <li>{@code paybus_reconcile_last_success_timestamp_seconds{account}}: when a sweep last finished;</li>
 *   <li>{@code paybus_reconcile_failures_total{account}}: pages that failed (the run is tried again).</li>
 * </ul>
 * The loss rate over a day is {@code increase(recovered) / increase(delivered + recovered)}, see
 * {@code deploy/prometheus/paybus-alerts.yml}.
 */
@Component
public class ReconcileMetrics {

    private record LastSweep(double lossRatio, double finishedAtSeconds) {
    }

    private final MeterRegistry meters;
    private final Map<String, AtomicReference<LastSweep>> lastSweeps = new ConcurrentHashMap<>();

    public ReconcileMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Registers the account's gauges (0 until its first sweep finishes) and its failure counter. */
    public void account(String account) {
        failures(account);
        lastSweeps.computeIfAbsent(account, a -> {
            AtomicReference<LastSweep> last = new AtomicReference<>(new LastSweep(0, 0));
            Gauge.builder("paybus.reconcile.loss.ratio", last, l -> l.get().lossRatio())
                    .description("share of the relevant events of the last finished sweep whose webhook never came")
                    .tag("account", a).register(meters);
            Gauge.builder("paybus.reconcile.last.success.timestamp", last, l -> l.get().finishedAtSeconds())
                    .description("when a sweep of the account last finished (epoch seconds)").baseUnit("seconds")
                    .tag("account", a).register(meters);
            return last;
        });
    }

    public void page(String account, String kind, ReconcileRuns.Counts counts) {
        if (Reconciler.OBJECTS.equals(kind)) {
            // Snapshots of objects are not events a webhook lost: never counted as losses.
            count(account, kind, "snapshot_known", counts.delivered());
            count(account, kind, "snapshot_published", counts.recovered());
            count(account, kind, "unreadable", counts.unreadable());
            return;
        }
        count(account, kind, "delivered", counts.delivered());
        count(account, kind, "recovered", counts.recovered());
        count(account, kind, "ignored", counts.scanned() - counts.relevant() - counts.unreadable());
        count(account, kind, "unreadable", counts.unreadable());
    }

    public void sweepFinished(ReconcileRun run, Clock clock) {
        account(run.account());
        lastSweeps.get(run.account()).set(new LastSweep(run.lossRate(), clock.instant().toEpochMilli() / 1000.0));
    }

    public void failed(String account) {
        failures(account).increment();
    }

    private Counter failures(String account) {
        return Counter.builder("paybus.reconcile.failures")
                .description("reconciliation pages that failed and wait to be tried again")
                .tag("account", account).register(meters);
    }

    private void count(String account, String kind, String outcome, long n) {
        Counter counter = Counter.builder("paybus.reconcile.events")
                .description("provider events listed by reconciliation, by what the ledger knew of them")
                .tag("account", account).tag("kind", kind).tag("outcome", outcome).register(meters);
        if (n > 0) {
            counter.increment(n);
        }
    }
}
