package io.paybus.order.drift;

import io.paybus.order.payment.OrderPayments;
import io.paybus.order.payment.PaymentComparison;
import io.paybus.platform.drift.DriftLedger;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Drift detection of orders: each compared with its provider's live view of the payment (the
 * gateway's query), every difference kept by the platform's {@link DriftLedger} (subject
 * {@code orders}) with both values, and repaired by ingesting that view as snapshot facts
 * ({@link #repair}). A sample of orders is checked on a schedule ({@link DriftSchedule}) and on
 * demand, one order on demand.
 */
@Service
public class DriftChecks {

    /** A repair: the differences it found, the snapshot facts it sent and those the order recorded. */
    public record Repair(String orderId, List<PaymentComparison.Difference> differences, List<String> factsSent,
                         int factsRecorded, String refused, int findingsRepaired) {
    }

    private static final Logger log = LoggerFactory.getLogger(DriftChecks.class);

    private final JdbcTemplate jdbc;
    private final OrderPayments payments;
    private final DriftLedger ledger;

    DriftChecks(JdbcTemplate jdbc, OrderPayments payments, DriftLedger ledger) {
        this.jdbc = jdbc;
        this.payments = payments;
        this.ledger = ledger;
    }

    /** Which orders a sample is drawn from, besides having a provider payment; {@code null}: any. */
    public record Filter(String status, String provider, java.time.Instant updatedSince) {
        public static final Filter ANY = new Filter(null, null, null);
    }

    /** Compares {@code size} orders picked at random among those with a provider payment that match. */
    public DriftLedger.Check sample(int size, Filter filter, String requestedBy, String reason) {
        List<String> orders = jdbc.queryForList("""
                select order_id from order_summary
                 where payment_ref is not null and (cast(? as text) is null or status = ?)
                   and (cast(? as text) is null or provider = ?)
                   and (cast(? as timestamptz) is null or updated_at >= ?)
                 order by random() limit ?
                """, String.class, filter.status(), filter.status(), filter.provider(), filter.provider(),
                ts(filter.updatedSince()), ts(filter.updatedSince()), size);
        return ledger.run(true, orders, this::compare, requestedBy, reason);
    }

    private static java.sql.Timestamp ts(java.time.Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }

    /** Compares one order. */
    public DriftLedger.Check order(String orderId, String requestedBy, String reason) {
        return ledger.run(false, List.of(orderId), this::compare, requestedBy, reason);
    }

    /**
     * Repairs the order's drift: when ours and the provider's view differ, the view is ingested as
     * snapshot facts (the order records those it did not know); the order's open findings are marked
     * repaired. Nothing is sent when they agree.
     */
    public Repair repair(OrderPayments.Queried queried, String requestedBy) {
        String orderId = queried.ours().orderId();
        if (queried.differences().isEmpty()) {
            ledger.repairEnded("nothing");
            return new Repair(orderId, List.of(), List.of(), 0, null, 0);
        }
        OrderPayments.Repair repair = payments.repair(queried);
        int findings = 0;
        if (repair.refused() == null) {
            findings = ledger.repaired(orderId, requestedBy);
        } else {
            ledger.repairEnded("refused");
        }
        log.info("drift repair of order {}: sent {}, the order recorded {}{}", orderId, repair.sent(),
                repair.recorded(), repair.refused() == null ? "" : ", refused " + repair.refused());
        return new Repair(orderId, queried.differences(), repair.sent(), repair.recorded(), repair.refused(),
                findings);
    }

    private DriftLedger.Comparison compare(String orderId) {
        OrderPayments.QueryOutcome outcome = payments.query(orderId);
        if (outcome instanceof OrderPayments.Queried queried) {
            return new DriftLedger.Compared(queried.theirs().provider(), queried.differences().stream()
                    .map(d -> new DriftLedger.Difference(d.field(), d.ours(), d.theirs())).toList());
        }
        if (outcome instanceof OrderPayments.ProviderFailed failed) {
            return new DriftLedger.Unreachable(failed.failure().getMessage());
        }
        return new DriftLedger.NotComparable(outcome.toString());
    }
}
