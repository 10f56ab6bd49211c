package io.paybus.ingest.reconcile;

import io.paybus.events.EventSource;
import io.paybus.events.PaymentEnvelope;
import io.paybus.ingest.IngestProperties;
import io.paybus.ingest.dedup.DeliveryLedger;
import io.paybus.ingest.publish.PublishFailedException;
import io.paybus.ingest.webhook.EnvelopeLimits;
import io.paybus.ingest.webhook.Translation;
import io.paybus.platform.web.LogSafe;
import io.paybus.events.OperatorAlert;
import io.paybus.platform.alert.OperatorAlerts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reconciliation run: lists the account's events of the window page by page, newest first,
 * and hands every event we publish to the {@link DeliveryLedger}, exactly the path its webhook
 * takes (same normalization, same ledger, same topic), marked as recovered. The ledger answers a
 * delivered event "duplicate" and publishes a missing one, once, also when its webhook arrives at the
 * same moment (the ledger serialises both on the event's id). After each page the cursor and the
 * counts are saved: a run resumes after the last page it finished.
 *
 * <p>An object backfill (kind {@value #OBJECTS}) lists the account's {@link ProviderObjects} kind
 * after kind instead, each object as the snapshot events its state implies, published the same way
 * (source {@link EventSource#SNAPSHOT}); its cursor is {@code <kind index>/<kinds>|<cursor in the
 * kind>}.
 */
public class Reconciler {

    /** How a call of {@link #run} ended. */
    public enum Result {
        /** The window is done. */
        DONE,
        /** A page failed (provider, Kafka, database), or another instance holds the run: it is tried again later. */
        PAUSED,
        /** An operator canceled it. */
        CANCELED
    }

    /** The kind of run that lists objects instead of events. */
    public static final String OBJECTS = "objects";

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final OperatorAlerts alerts;
    private final ReconcileRuns runs;
    private final Map<String, ProviderEvents> accounts;
    private final Map<String, ProviderObjects> objects;
    private final Map<String, Normalizer> normalizers;
    private final DeliveryLedger ledger;
    private final ReconcileMetrics metrics;
    private final Clock clock;
    private final String owner;
    private final int pageSize;
    private final Duration lease;

    public Reconciler(ReconcileRuns runs, Map<String, ProviderEvents> accounts, Map<String, ProviderObjects> objects,
            Map<String, Normalizer> normalizers, DeliveryLedger ledger, ReconcileMetrics metrics, Clock clock,
            String owner, IngestProperties.Reconcile properties, OperatorAlerts alerts) {
        this.alerts = alerts;
        this.runs = runs;
        this.accounts = Map.copyOf(accounts);
        this.objects = Map.copyOf(objects);
        this.normalizers = Map.copyOf(normalizers);
        this.ledger = ledger;
        this.metrics = metrics;
        this.clock = clock;
        this.owner = owner;
        this.pageSize = Math.min(Math.max(properties.pageSize(), 1), 100);
        this.lease = properties.lease();
        this.accounts.keySet().forEach(metrics::account);
    }

    public Map<String, ProviderEvents> accounts() {
        return accounts;
    }

    /** The accounts whose objects can be backfilled. */
    public Map<String, ProviderObjects> objectAccounts() {
        return objects;
    }

    public Result run(long id) {
        if (!runs.claim(id, owner, lease)) {
            return Result.PAUSED; // another instance holds it
        }
        ReconcileRun run = runs.find(id).orElseThrow();
        boolean listsObjects = OBJECTS.equals(run.kind());
        ProviderEvents events = accounts.get(run.account());
        ProviderObjects objectList = objects.get(run.account());
        String provider = listsObjects ? (objectList == null ? null : objectList.provider())
                : (events == null ? null : events.provider());
        Normalizer normalizer = provider == null ? null : normalizers.get(provider);
        if (normalizer == null) {
            runs.failedPage(id, owner, "account " + run.account() + " is not configured for reconciliation");
            runs.finish(id, owner, "FAILED");
            return Result.CANCELED;
        }
        EventSource source = listsObjects ? EventSource.SNAPSHOT
                : "sweep".equals(run.kind()) ? EventSource.SWEEP : EventSource.BACKFILL;
        String cursor = run.cursor();
        log.info("reconciling {} ({} {}, window {}..{}){}", run.account(), run.kind(), id, run.windowStart(),
                run.windowEnd(), cursor == null ? "" : " from after " + cursor);
        while (true) {
            ProviderEvents.Page page;
            try {
                page = listsObjects ? objectPage(objectList, run, cursor)
                        : events.list(run.windowStart(), run.windowEnd(), cursor, pageSize);
            } catch (ProviderUnavailableException e) {
                return pause(run, e.getMessage());
            }
            ReconcileRuns.Counts counts;
            try {
                counts = reconcile(page.events(), normalizer, source, provider);
            } catch (PublishFailedException e) {
                return pause(run, "not published: " + e.getMessage());
            }
            ProviderEvents.Listed last = page.events().isEmpty() ? null : page.events().get(page.events().size() - 1);
            if (!runs.advance(id, owner, lease, page.hasMore() ? page.next() : cursor,
                    last == null ? run.position() : last.created(), counts)) {
                // canceled meanwhile, or another instance took it over after our lease ended
                log.info("reconciliation run {} is no longer ours: stopping", id);
                return Result.CANCELED;
            }
            metrics.page(run.account(), run.kind(), counts);
            if (!page.hasMore()) {
                break;
            }
            cursor = page.next();
        }
        runs.finish(id, owner, "DONE");
        ReconcileRun done = runs.find(id).orElseThrow();
        if ("sweep".equals(done.kind())) {
            metrics.sweepFinished(done, clock);
        }
        if (done.recovered() > 0 && !"objects".equals(done.kind())) {
            alerts.finding(OperatorAlert.RECONCILE_LOSSES, done.account() + " run " + id, done.recovered() + " of "
                    + done.relevant() + " events of " + done.account() + " never came by webhook (" + done.kind()
                    + " " + id + ", loss rate " + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * done.lossRate())
                    + ")", "recovered from the provider's events API and published now, nothing is missing any more;"
                    + " a webhook endpoint that loses events is misconfigured or was down: check it at the provider."
                    + " The run: GET /admin/reconcile/runs/" + id + " on ingest-service (./deploy/reconcile.sh runs)");
        }
        log.info("reconciled {} ({} {}): {} events, {} ours, {} delivered by webhook, {} recovered, {} unreadable",
                done.account(), done.kind(), id, done.scanned(), done.relevant(), done.delivered(), done.recovered(),
                done.unreadable());
        return Result.DONE;
    }

    /** A page of the kind the cursor is in; its next cursor moves to the next kind when this one is done. */
    private ProviderEvents.Page objectPage(ProviderObjects list, ReconcileRun run, String cursor) {
        List<String> kinds = list.kinds();
        int kind = 0;
        String inner = null;
        if (cursor != null) {
            int bar = cursor.indexOf('|');
            kind = Integer.parseInt(cursor.substring(0, cursor.indexOf('/')));
            inner = bar + 1 < cursor.length() ? cursor.substring(bar + 1) : null;
        }
        ProviderEvents.Page page = list.list(kinds.get(kind), run.windowStart(), run.windowEnd(), inner, pageSize,
                clock.instant());
        if (page.hasMore()) {
            return new ProviderEvents.Page(page.events(), kind + "/" + kinds.size() + "|" + page.next());
        }
        return new ProviderEvents.Page(page.events(), kind + 1 < kinds.size()
                ? (kind + 1) + "/" + kinds.size() + "|" : null);
    }

    private Result pause(ReconcileRun run, String why) {
        log.warn("reconciliation run {} of {} paused: {}", run.id(), run.account(), LogSafe.of(why));
        runs.failedPage(run.id(), owner, why);
        metrics.failed(run.account());
        return Result.PAUSED;
    }

    private ReconcileRuns.Counts reconcile(List<ProviderEvents.Listed> page, Normalizer normalizer, EventSource source,
            String provider) {
        long relevant = 0;
        long unreadable = 0;
        List<CompletableFuture<DeliveryLedger.Outcome>> answers = new ArrayList<>(page.size());
        for (ProviderEvents.Listed listed : page) {
            Translation translation;
            try {
                translation = normalizer.translate(listed.json(), clock.instant());
                if (translation.envelope().isEmpty()) {
                    continue; // a type we do not publish, as its webhook would be answered
                }
                EnvelopeLimits.check(translation.envelope().get());
            } catch (RuntimeException unusable) {
                unreadable++;
                log.warn("{} event {} cannot be normalized: {}", provider, LogSafe.of(listed.id()),
                        LogSafe.of(unusable.getMessage()));
                continue;
            }
            PaymentEnvelope envelope = translation.envelope().get().recoveredBy(source);
            relevant++;
            answers.add(ledger.submit(envelope));
        }
        long delivered = 0;
        long recovered = 0;
        for (CompletableFuture<DeliveryLedger.Outcome> answer : answers) {
            if (ledger.await(answer) == DeliveryLedger.Outcome.PUBLISHED) {
                recovered++;
            } else {
                delivered++;
            }
        }
        return new ReconcileRuns.Counts(page.size(), relevant, delivered, recovered, unreadable);
    }
}
