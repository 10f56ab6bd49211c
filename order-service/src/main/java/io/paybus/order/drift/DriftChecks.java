package io.paybus.order.drift;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.order.payment.OrderPayments;
import io.paybus.order.payment.PaymentComparison;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Drift detection: orders compared with their provider's live view of the payment (the gateway's
 * query), each difference recorded as a finding with both values, and repaired by ingesting that
 * view as snapshot facts ({@link #repair}). A sample of orders is checked on
 * a schedule ({@link DriftSchedule}) and on demand, one order on demand. Metrics:
 * {@code paybus_drift_orders_total{outcome=checked|drifted|unreachable}} and
 * {@code paybus_drift_rate} (drifted ÷ checked of the last check of a sample).
 */
@Service
public class DriftChecks {

    /** A finding as operators see it; {@code repairedAt} once a repair ingested the provider's view. */
    public record Finding(long id, long checkId, String orderId, String provider, String field, String ours,
                          String theirs, Instant foundAt, Instant repairedAt, String repairedBy) {
    }

    /** A repair: the differences it found, the snapshot facts it sent and those the order recorded. */
    public record Repair(String orderId, List<PaymentComparison.Difference> differences, List<String> factsSent,
                         int factsRecorded, String refused, int findingsRepaired) {
    }

    /** A check: what it compared and what it found. */
    public record Check(long id, String kind, String requestedBy, String reason, Instant startedAt,
                        Instant finishedAt, int checked, int drifted, int unreachable) {
        public double driftRate() {
            return checked == 0 ? 0 : (double) drifted / checked;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DriftChecks.class);

    private final JdbcTemplate jdbc;
    private final OrderPayments payments;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicReference<Double> lastRate = new AtomicReference<>(0.0);

    DriftChecks(JdbcTemplate jdbc, OrderPayments payments, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.payments = payments;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder("paybus.drift.rate", lastRate, AtomicReference::get)
                .description("share of the orders of the last sampled drift check that differ from their provider")
                .register(meters);
        for (String outcome : List.of("checked", "drifted", "unreachable")) {
            counter(outcome);
        }
    }

    /** Compares {@code size} orders picked at random among those with a provider payment. */
    public Check sample(int size, String requestedBy, String reason) {
        List<String> orders = jdbc.queryForList("select order_id from order_summary where payment_ref is not null"
                + " order by random() limit ?", String.class, size);
        Check check = run("sample", orders, requestedBy, reason);
        lastRate.set(check.driftRate());
        return check;
    }

    /** Compares one order. */
    public Check order(String orderId, String requestedBy, String reason) {
        return run("order", List.of(orderId), requestedBy, reason);
    }

    private Check run(String kind, List<String> orders, String requestedBy, String reason) {
        long id = jdbc.queryForObject("insert into drift_check (kind, requested_by, reason, started_at) values"
                + " (?, ?, ?, ?) returning id", Long.class, kind, requestedBy, reason, now());
        int checked = 0;
        int drifted = 0;
        int unreachable = 0;
        for (String orderId : orders) {
            OrderPayments.QueryOutcome outcome = payments.query(orderId);
            if (outcome instanceof OrderPayments.Queried queried) {
                checked++;
                counter("checked").increment();
                if (!queried.differences().isEmpty()) {
                    drifted++;
                    counter("drifted").increment();
                    for (PaymentComparison.Difference difference : queried.differences()) {
                        jdbc.update("insert into drift_finding (check_id, order_id, provider, field, ours, theirs,"
                                + " found_at) values (?, ?, ?, ?, ?, ?, ?)", id, orderId, queried.theirs().provider(),
                                difference.field(), text(difference.ours()), text(difference.theirs()), now());
                    }
                    log.warn("drift: order {} differs from {} on {}", orderId, queried.theirs().provider(),
                            queried.differences().stream().map(PaymentComparison.Difference::field).toList());
                }
            } else if (outcome instanceof OrderPayments.ProviderFailed) {
                unreachable++;
                counter("unreachable").increment();
            }
        }
        jdbc.update("update drift_check set finished_at = ?, checked = ?, drifted = ?, unreachable = ? where id = ?",
                now(), checked, drifted, unreachable, id);
        return find(id).orElseThrow();
    }

    /**
     * Repairs the order's drift: when ours and the provider's view differ, the view is ingested as
     * snapshot facts (the order records those it did not know); the order's open findings are marked
     * repaired. Nothing is sent when they agree. Metric {@code paybus_drift_repairs_total{outcome}}.
     */
    public Repair repair(OrderPayments.Queried queried, String requestedBy) {
        String orderId = queried.ours().orderId();
        if (queried.differences().isEmpty()) {
            repairs("nothing").increment();
            return new Repair(orderId, List.of(), List.of(), 0, null, 0);
        }
        OrderPayments.Repair repair = payments.repair(queried);
        int findings = 0;
        if (repair.refused() == null) {
            findings = jdbc.update("update drift_finding set repaired_at = ?, repaired_by = ? where order_id = ?"
                    + " and repaired_at is null", now(), requestedBy, orderId);
        }
        repairs(repair.refused() == null ? "repaired" : "refused").increment();
        log.info("drift repair of order {}: sent {}, the order recorded {}{}", orderId, repair.sent(),
                repair.recorded(), repair.refused() == null ? "" : ", refused " + repair.refused());
        return new Repair(orderId, queried.differences(), repair.sent(), repair.recorded(), repair.refused(),
                findings);
    }

    public Optional<Check> find(long id) {
        return jdbc.query("select * from drift_check where id = ?", DriftChecks::check, id).stream().findFirst();
    }

    /** Findings newest first, of one order when given, before the id {@code before}, at most {@code limit}. */
    public List<Finding> findings(String orderId, Long checkId, Long before, int limit) {
        return jdbc.query("""
                select * from drift_finding
                 where (cast(? as text) is null or order_id = ?) and (cast(? as bigint) is null or check_id = ?)
                   and (cast(? as bigint) is null or id < ?)
                 order by id desc limit ?
                """, (rs, n) -> new Finding(rs.getLong("id"), rs.getLong("check_id"), rs.getString("order_id"),
                        rs.getString("provider"), rs.getString("field"), rs.getString("ours"), rs.getString("theirs"),
                        rs.getTimestamp("found_at").toInstant(), rs.getTimestamp("repaired_at") == null ? null
                                : rs.getTimestamp("repaired_at").toInstant(), rs.getString("repaired_by")),
                orderId, orderId, checkId, checkId, before, before, limit);
    }

    private Counter repairs(String outcome) {
        return Counter.builder("paybus.drift.repairs")
                .description("drift repairs: the provider's view ingested as snapshot facts (or nothing to repair)")
                .tag("outcome", outcome).register(meters);
    }

    private Counter counter(String outcome) {
        return Counter.builder("paybus.drift.orders").description("orders compared with their provider")
                .tag("outcome", outcome).register(meters);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Check check(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Check(rs.getLong("id"), rs.getString("kind"), rs.getString("requested_by"), rs.getString("reason"),
                rs.getTimestamp("started_at").toInstant(), finished == null ? null : finished.toInstant(),
                rs.getInt("checked"), rs.getInt("drifted"), rs.getInt("unreachable"));
    }
}
