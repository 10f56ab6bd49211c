package io.paybus.billing.renewal;

import io.paybus.billing.subscription.SubscriptionStatus;

import io.paybus.billing.schedule.RenewalDue;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code renewal} table, and only this class writes it: one row per subscription period
 * (primary key subscription + period start, so one instance wins the insert), with where its
 * renewal stands and whether its next attempt was published to {@code billing.schedule}.
 */
@Repository
public class RenewalRepository {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    RenewalRepository(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Turns every ended period of a renewable subscription into a renewal, once; returns how many. */
    public int scheduleEnded() {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.update("""
                insert into renewal (subscription_id, period_start, period_end, state, next_attempt_at, created_at,
                                     updated_at)
                select subscription_id, coalesce(current_period_start, current_period_end), current_period_end, ?,
                       ?, ?, ?
                  from subscription
                 where status = any(?) and provider = 'STRIPE' and not cancel_at_period_end
                   and current_period_end <= ?
                on conflict do nothing
                """, RenewalState.DUE.name(), now, now, now, renewable(), now);
    }

    /** A period of a renewable subscription that ends soon: what a renewal notice is about. */
    public record Upcoming(String subscriptionId, String customerId, String provider, String planId,
                           Instant periodStart, Instant periodEnd) {
    }

    /**
     * Periods of renewable Stripe subscriptions (not set to cancel) ending in {@code (now, until]}
     * that have no notice yet, at most {@code limit}.
     */
    public List<Upcoming> dueForNotice(Instant now, Instant until, int limit) {
        return jdbc.query("""
                select s.subscription_id, s.customer_id, s.provider, s.plan_id, s.current_period_start,
                       s.current_period_end
                  from subscription s
                 where s.status = any(?) and s.provider = 'STRIPE' and not s.cancel_at_period_end
                   and s.current_period_end > ? and s.current_period_end <= ?
                   and not exists (select 1 from renewal_notice n where n.subscription_id = s.subscription_id
                                      and n.period_end = s.current_period_end)
                 limit ?
                """, (rs, n) -> new Upcoming(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant()),
                renewable(), Timestamp.from(now), Timestamp.from(until), limit);
    }

    /** Records the period's notice; false when another instance did first. */
    public boolean markNoticed(Upcoming upcoming, Instant at) {
        return jdbc.update("insert into renewal_notice (subscription_id, period_end, noticed_at) values (?, ?, ?)"
                + " on conflict do nothing", upcoming.subscriptionId(), Timestamp.from(upcoming.periodEnd()),
                Timestamp.from(at)) == 1;
    }

    private java.sql.Array renewable() {
        return jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<java.sql.Array>) c -> c.createArrayOf(
                "varchar", SubscriptionStatus.RENEWABLE.stream().map(SubscriptionStatus::wire).toArray()));
    }

    /**
     * Locks up to {@code limit} renewals whose next attempt is due and not published yet (other
     * instances skip them); call inside the transaction that publishes them and marks them.
     */
    public List<RenewalDue> lockDue(Instant now, int limit) {
        return jdbc.query("""
                select subscription_id, period_start, period_end, attempts from renewal
                 where not published and next_attempt_at <= ? and state in (?, ?, ?)
                 order by next_attempt_at limit ? for update skip locked
                """, (rs, n) -> new RenewalDue(rs.getString(1), rs.getTimestamp(2).toInstant(),
                rs.getTimestamp(3).toInstant(), rs.getInt(4) + 1, now), Timestamp.from(now), RenewalState.DUE.name(),
                RenewalState.RETRYING.name(), RenewalState.PAST_DUE.name(), limit);
    }

    public void markPublished(RenewalDue renewal) {
        jdbc.update("update renewal set published = true where subscription_id = ? and period_start = ?",
                renewal.subscriptionId(), Timestamp.from(renewal.periodStart()));
    }

    Optional<Renewal> find(String subscriptionId, Instant periodStart) {
        return jdbc.query("select subscription_id, period_start, period_end, state, attempts, next_attempt_at,"
                + " invoice_ref from renewal where subscription_id = ? and period_start = ?", (rs, n) -> new Renewal(
                rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                RenewalState.valueOf(rs.getString(4)), rs.getInt(5),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getString(7)),
                subscriptionId, Timestamp.from(periodStart)).stream().findFirst();
    }

    /** Records an attempt's outcome; a next attempt makes the row due for publication again. */
    void update(Renewal renewal, RenewalState state, int attempts, Instant nextAttemptAt, String invoiceRef,
            String error) {
        jdbc.update("update renewal set state = ?, attempts = ?, next_attempt_at = ?, published = ?, invoice_ref = ?,"
                + " last_error = ?, updated_at = ? where subscription_id = ? and period_start = ?", state.name(), attempts,
                nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), nextAttemptAt == null, invoiceRef, error,
                Timestamp.from(clock.instant()), renewal.subscriptionId(), Timestamp.from(renewal.periodStart()));
    }
}
