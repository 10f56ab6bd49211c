package io.paybus.billing.schedule;

import io.paybus.billing.BillingProperties;
import io.paybus.billing.outbox.BillingOutbox;
import io.paybus.billing.subscription.SubscriptionStatus;
import io.paybus.events.BillingEvent;
import io.paybus.events.Money;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code renewal.upcoming}: once per period of a renewable Stripe subscription (those the scheduler
 * renews), {@code renewal-notice} before the period ends, through the outbox. Once across instances:
 * the period's {@code renewal_notice} row is inserted in the transaction that writes the event, and
 * only one insert wins. A subscription that will not renew (canceled, cancel at period end) gets none.
 */
@Component
public class RenewalNotices {

    private final JdbcTemplate jdbc;
    private final BillingOutbox outbox;
    private final BillingProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RenewalNotices(JdbcTemplate jdbc, BillingOutbox outbox, BillingProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    private record Upcoming(String subscriptionId, String customerId, String provider, String planId,
                            Instant periodStart, Instant periodEnd) {
    }

    /** Writes the notices that are due; how many. */
    public int noticeUpcoming() {
        Duration notice = properties.renewalNotice();
        if (notice.isZero() || notice.isNegative()) {
            return 0;
        }
        Integer written = transaction.execute(tx -> {
            Instant now = clock.instant();
            List<Upcoming> due = jdbc.query("""
                    select s.subscription_id, s.customer_id, s.provider, s.plan_id, s.current_period_start,
                           s.current_period_end
                      from subscription s
                     where s.status = any(?) and s.provider = 'STRIPE' and not s.cancel_at_period_end
                       and s.current_period_end > ? and s.current_period_end <= ?
                       and not exists (select 1 from renewal_notice n where n.subscription_id = s.subscription_id
                                          and n.period_end = s.current_period_end)
                     limit 500
                    """, (rs, n) -> new Upcoming(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    instant(rs.getTimestamp(5)), rs.getTimestamp(6).toInstant()), renewable(), Timestamp.from(now),
                    Timestamp.from(now.plus(notice)));
            int count = 0;
            for (Upcoming upcoming : due) {
                if (jdbc.update("insert into renewal_notice (subscription_id, period_end, noticed_at) values (?, ?, ?)"
                        + " on conflict do nothing", upcoming.subscriptionId(), Timestamp.from(upcoming.periodEnd()),
                        Timestamp.from(now)) == 0) {
                    continue; // another instance wrote it
                }
                BillingProperties.Plan plan = upcoming.planId() == null ? null
                        : properties.plans().get(upcoming.planId());
                Money amount = plan == null ? null : new Money(plan.amount(), Currency.getInstance(plan.currency()));
                Instant start = upcoming.periodStart() != null ? upcoming.periodStart() : upcoming.periodEnd();
                outbox.add(BillingEvent.of(BillingEvent.RENEWAL_UPCOMING, upcoming.subscriptionId(),
                        upcoming.customerId(), upcoming.provider(), start, upcoming.periodEnd(), 1, amount, null,
                        null, upcoming.periodEnd(), now));
                count++;
            }
            return count;
        });
        return written == null ? 0 : written;
    }

    private java.sql.Array renewable() {
        return jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<java.sql.Array>) c -> c.createArrayOf(
                "varchar", SubscriptionStatus.RENEWABLE.stream().map(SubscriptionStatus::wire).toArray()));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
