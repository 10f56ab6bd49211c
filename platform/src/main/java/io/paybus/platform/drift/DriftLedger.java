package io.paybus.platform.drift;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.paybus.platform.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Drift checks of one kind of subject ({@code orders}, {@code subscriptions}): each subject is
 * compared with its provider by the service's rule, each difference kept as a finding with both
 * values ({@code paybus_drift_check}, {@code paybus_drift_finding}), repairs marked on them.
 * Metrics, tagged with the subject: {@code paybus_drift_<subject>_total{outcome=checked|drifted|unreachable}},
 * {@code paybus_drift_rate{subject}} (drifted ÷ checked of the last sample) and
 * {@code paybus_drift_repairs_total{subject, outcome}}.
 */
public class DriftLedger {

    /** One field on which we and the provider disagree. */
    public record Difference(String field, Object ours, Object theirs) {
    }

    /** What comparing one subject with its provider gave. */
    public sealed interface Comparison {
    }

    /** Compared: which provider, and where it differs (none: it agrees). */
    public record Compared(String provider, List<Difference> differences) implements Comparison {
    }

    /** The provider could not be asked. */
    public record Unreachable(String why) implements Comparison {
    }

    /** Nothing to compare (no provider object, a provider this service cannot ask). */
    public record NotComparable(String why) implements Comparison {
    }

    /** A check: what it compared and what it found. */
    public record Check(long id, String kind, String requestedBy, String reason, Instant startedAt,
                        Instant finishedAt, int checked, int drifted, int unreachable) {
        public double driftRate() {
            return checked == 0 ? 0 : (double) drifted / checked;
        }
    }

    /** A finding as operators see it; {@code repairedAt} once a repair ingested the provider's view. */
    public record Finding(long id, long checkId, String subjectId, String provider, String field, String ours,
                          String theirs, Instant foundAt, Instant repairedAt, String repairedBy) {
    }

    /** A check as operators see it: with its drift rate and its findings. */
    public record CheckView(Check check, double driftRate, List<Finding> findings) {
    }

    /** A page of findings, newest first; {@code nextBefore} asks for the next one. */
    public record Findings(List<Finding> findings, Long nextBefore) {
    }

    /** The most findings a page or a check view shows. */
    public static final int MAX_PAGE = 200;
    /** The largest sample an operator may ask for. */
    public static final int MAX_SAMPLE = 1_000;

    private static final Logger log = LoggerFactory.getLogger(DriftLedger.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String subject;
    private final io.paybus.platform.alert.OperatorAlerts alerts;
    private final AtomicReference<Double> lastRate = new AtomicReference<>(0.0);

    public DriftLedger(JdbcTemplate jdbc, Clock clock, MeterRegistry meters, String subject,
            io.paybus.platform.alert.OperatorAlerts alerts) {
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        this.subject = subject;
        Gauge.builder("paybus.drift.rate", lastRate, AtomicReference::get)
                .description("share of the subjects of the last sampled drift check that differ from their provider")
                .tag("subject", subject).register(meters);
        for (String outcome : List.of("checked", "drifted", "unreachable")) {
            compared(outcome);
        }
    }

    /**
     * Compares each of {@code ids} by {@code compare}, records every difference, and answers the
     * check; a {@code sample} sets the drift-rate gauge.
     */
    public Check run(boolean sample, List<String> ids, Function<String, Comparison> compare, String requestedBy,
            String reason) {
        long id = jdbc.queryForObject("insert into paybus_drift_check (subject, kind, requested_by, reason,"
                + " started_at) values (?, ?, ?, ?, ?) returning id", Long.class, subject, sample ? "sample" : "one",
                requestedBy, reason, now());
        int checked = 0;
        int drifted = 0;
        int unreachable = 0;
        for (String subjectId : ids) {
            Comparison comparison = compare.apply(subjectId);
            if (comparison instanceof Compared compared) {
                checked++;
                compared("checked").increment();
                if (!compared.differences().isEmpty()) {
                    drifted++;
                    compared("drifted").increment();
                    for (Difference difference : compared.differences()) {
                        jdbc.update("insert into paybus_drift_finding (check_id, subject, subject_id, provider, field,"
                                + " ours, theirs, found_at) values (?, ?, ?, ?, ?, ?, ?, ?)", id, subject, subjectId,
                                compared.provider(), difference.field(), text(difference.ours()),
                                text(difference.theirs()), now());
                    }
                    log.warn("drift: {} {} differs from {} on {}", subject, subjectId, compared.provider(),
                            compared.differences().stream().map(Difference::field).toList());
                }
            } else if (comparison instanceof Unreachable) {
                unreachable++;
                compared("unreachable").increment();
            }
        }
        jdbc.update("update paybus_drift_check set finished_at = ?, checked = ?, drifted = ?, unreachable = ?"
                + " where id = ?", now(), checked, drifted, unreachable, id);
        if (drifted > 0) {
            // In the check's transaction where the caller has one: the alert goes out with the findings.
            alerts.finding(io.paybus.events.OperatorAlert.DRIFT_FOUND, subject + "#" + id, drifted + " of " + checked
                    + " " + subject + " differ from their provider (drift check " + id + ")",
                    "each difference with both values: GET /admin/drift/checks/" + id + " on " + alerts.service()
                            + " (./deploy/drift.sh findings); repair one through the provider's view as a snapshot"
                            + " fact: POST /admin/drift/repairs (./deploy/drift.sh repair … --reason …)");
        }
        Check check = find(id).orElseThrow();
        if (sample) {
            lastRate.set(check.driftRate());
        }
        return check;
    }

    public Optional<Check> find(long id) {
        return jdbc.query("select * from paybus_drift_check where id = ? and subject = ?", DriftLedger::check, id,
                subject).stream().findFirst();
    }

    /** Findings newest first, of one subject id when given, of one check when given, before the id {@code before}. */
    public List<Finding> findings(String subjectId, Long checkId, Long before, int limit) {
        return jdbc.query("""
                select * from paybus_drift_finding
                 where subject = ? and (cast(? as text) is null or subject_id = ?)
                   and (cast(? as bigint) is null or check_id = ?) and (cast(? as bigint) is null or id < ?)
                 order by id desc limit ?
                """, (rs, n) -> new Finding(rs.getLong("id"), rs.getLong("check_id"), rs.getString("subject_id"),
                        rs.getString("provider"), rs.getString("field"), rs.getString("ours"), rs.getString("theirs"),
                        instant(rs, "found_at"), instant(rs, "repaired_at"), rs.getString("repaired_by")),
                subject, subjectId, subjectId, checkId, checkId, before, before, limit);
    }

    /** A sample size an operator asked for: 100 when none, 1 to {@value #MAX_SAMPLE} (else a 400 problem). */
    public static int sampleSize(Integer sample) {
        int size = sample == null ? 100 : sample;
        if (size < 1 || size > MAX_SAMPLE) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", "sample must be 1-" + MAX_SAMPLE,
                    java.util.Map.of("field", "sample"));
        }
        return size;
    }

    /** The check with its findings; a 404 problem when there is none of this subject. */
    public CheckView view(long checkId) {
        return view(find(checkId).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND, "check_not_found",
                "no drift check " + checkId)));
    }

    public CheckView view(Check check) {
        return new CheckView(check, check.driftRate(), findings(null, check.id(), null, MAX_PAGE));
    }

    /** A page of findings, of one subject id when given; {@code limit} 1 to {@value #MAX_PAGE} (else a 400 problem). */
    public Findings page(String subjectId, Long before, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "limit must be 1-" + MAX_PAGE);
        }
        List<Finding> page = findings(subjectId, null, before, limit);
        return new Findings(page, page.size() == limit ? page.get(page.size() - 1).id() : null);
    }

    /** Marks the subject's open findings repaired by {@code by}; how many. */
    public int repaired(String subjectId, String by) {
        repairs("repaired").increment();
        return jdbc.update("update paybus_drift_finding set repaired_at = ?, repaired_by = ? where subject = ?"
                + " and subject_id = ? and repaired_at is null", now(), by, subject, subjectId);
    }

    /** Counts a repair that had nothing to do ({@code nothing}) or that the subject refused ({@code refused}). */
    public void repairEnded(String outcome) {
        repairs(outcome).increment();
    }

    private Counter repairs(String outcome) {
        return Counter.builder("paybus.drift.repairs")
                .description("drift repairs: the provider's view ingested as snapshot facts (or nothing to repair)")
                .tag("subject", subject).tag("outcome", outcome).register(meters);
    }

    private Counter compared(String outcome) {
        return Counter.builder("paybus.drift." + subject).description(subject + " compared with their provider")
                .tag("outcome", outcome).register(meters);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Check check(ResultSet rs, int row) throws SQLException {
        return new Check(rs.getLong("id"), rs.getString("kind"), rs.getString("requested_by"), rs.getString("reason"),
                instant(rs, "started_at"), instant(rs, "finished_at"), rs.getInt("checked"), rs.getInt("drifted"),
                rs.getInt("unreachable"));
    }
}
