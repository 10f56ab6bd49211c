package io.paybus.ingest.reconcile;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.security.Actor;
import io.paybus.platform.web.ProblemException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/reconcile}: what did we miss? Sweep now, backfill a window (its events, or its
 * objects as snapshots), follow a run's progress, cancel it (the {@code operator} scope; every verb needs a reason and is audited).
 */
@RestController
class ReconcileController {

    /** A run with how far it is: share of the window done, events per second, seconds left, loss rate. */
    record RunView(ReconcileRun run, double progress, double rate, Long etaSeconds, double lossRate) {
        static RunView of(ReconcileRun run) {
            return new RunView(run, run.progress(), run.rate(), run.etaSeconds(), run.lossRate());
        }
    }

    record Runs(List<RunView> runs, Long nextBefore) {
    }

    /**
     * A backfill: the account, the window ({@code 2026-11-01} or an instant; {@code until} defaults
     * to now), why; with {@code objects} the provider's objects created in the window instead of its
     * events, each published as the snapshot its state implies.
     */
    record BackfillRequest(String account, String since, String until, Boolean objects, String reason) {
    }

    record Reason(String reason) {
    }

    private static final int MAX_PAGE = 100;

    private final Reconciliation reconciliation;
    private final AuditLog audit;

    ReconcileController(Reconciliation reconciliation, AuditLog audit) {
        this.reconciliation = reconciliation;
        this.audit = audit;
    }

    @GetMapping("/admin/reconcile/accounts")
    Map<String, List<String>> accounts() {
        return Map.of("accounts", reconciliation.accounts());
    }

    @PostMapping("/admin/reconcile/sweep")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Runs sweep(@RequestParam(required = false) String account, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        List<ReconcileRun> started = verb(() -> reconciliation.sweepNow(account, Actor.current().toString(), reason));
        audit.record("reconcile.sweep", account == null ? "accounts" : "account:" + account, reason, "accepted",
                Map.of("runs", started.stream().map(ReconcileRun::id).toList()));
        return new Runs(started.stream().map(RunView::of).toList(), null);
    }

    /** Backfills the window of one account, or of every account when none is named; answers the runs. */
    @PostMapping("/admin/reconcile/backfill")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Runs backfill(@RequestBody(required = false) BackfillRequest request) {
        if (request == null) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "name since and a reason");
        }
        String reason = AuditLog.requireReason(request.reason());
        Instant since = instant("since", request.since());
        Instant until = request.until() == null ? null : instant("until", request.until());
        List<String> accounts = request.account() == null ? reconciliation.accounts() : List.of(request.account());
        boolean objects = Boolean.TRUE.equals(request.objects());
        List<ReconcileRun> started = new java.util.ArrayList<>();
        for (String account : accounts) {
            ReconcileRun run = verb(() -> reconciliation.backfill(account, since, until, objects,
                    Actor.current().toString(), reason));
            audit.record(objects ? "reconcile.backfill-objects" : "reconcile.backfill", "account:" + run.account(),
                    reason, "accepted",
                    Map.of("run", run.id(), "since", run.windowStart().toString(), "until", run.windowEnd().toString()));
            started.add(run);
        }
        return new Runs(started.stream().map(RunView::of).toList(), null);
    }

    @GetMapping("/admin/reconcile/runs")
    Runs runs(@RequestParam(required = false) String account, @RequestParam(required = false) String kind,
            @RequestParam(required = false) Long before, @RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "limit must be 1-" + MAX_PAGE);
        }
        List<ReconcileRun> page = reconciliation.recent(account, kind, before, limit);
        Long next = page.size() == limit ? page.get(page.size() - 1).id() : null;
        return new Runs(page.stream().map(RunView::of).toList(), next);
    }

    @GetMapping("/admin/reconcile/runs/{id}")
    RunView run(@PathVariable long id) {
        return RunView.of(reconciliation.find(id).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND,
                "run_not_found", "no reconciliation run " + id)));
    }

    @PostMapping("/admin/reconcile/runs/{id}/cancel")
    RunView cancel(@PathVariable long id, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        ReconcileRun run = verb(() -> reconciliation.cancel(id));
        audit.record("reconcile.cancel", "run:" + id, reason, "canceled", Map.of());
        return RunView.of(run);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", field + " is required");
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid",
                    field + " is neither a date (2026-11-01) nor an instant (2026-11-01T00:00:00Z)",
                    Map.of("field", field));
        }
    }

    private static <T> T verb(java.util.function.Supplier<T> verb) {
        try {
            return verb.get();
        } catch (Reconciliation.Refused refused) {
            throw switch (refused.reason()) {
                case UNKNOWN_ACCOUNT -> ProblemException.of(HttpStatus.NOT_FOUND, "account_not_configured",
                        refused.getMessage());
                case WINDOW_INVALID -> ProblemException.of(HttpStatus.BAD_REQUEST, "window_invalid", refused.getMessage());
                case NOT_FOUND -> ProblemException.of(HttpStatus.NOT_FOUND, "run_not_found", refused.getMessage());
                case NOT_RUNNING -> ProblemException.of(HttpStatus.CONFLICT, "run_not_running", refused.getMessage());
            };
        }
    }
}
