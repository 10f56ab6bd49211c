package io.paybus.billing.subscription;

import io.paybus.platform.search.Keyset;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code GET /subscriptions}: the subscriptions filtered, sorted and paged by key ({@link Keyset},
 * as {@code GET /orders} pages orders); each sort has its index (V8).
 */
@Repository
public class SubscriptionSearch {

    private static final Map<String, String> SORT_COLUMNS = Map.of("updated", "updated_at", "periodEnd",
            "coalesce(current_period_end, 'epoch'::timestamptz)");

    /**
     * What to look for; every part optional. {@code periodEndFrom} inclusive, {@code periodEndTo}
     * exclusive: the subscriptions renewing in a window.
     */
    public record Filter(String status, String provider, String customerId, String planId, Instant periodEndFrom,
                         Instant periodEndTo, Boolean cancelAtPeriodEnd) {
    }

    /** A page: its subscriptions, and the cursor of the next one ({@code null} on the last). */
    public record Page(List<Subscription> subscriptions, String nextCursor) {
    }

    private final JdbcTemplate jdbc;

    SubscriptionSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Page find(Filter filter, Keyset.Sort sort, Keyset.Cursor after, int limit) {
        Keyset.Page<Subscription> page = new Keyset()
                .filter("status = ?", filter.status())
                .filter("provider = ?", filter.provider())
                .filter("customer_id = ?", filter.customerId())
                .filter("plan_id = ?", filter.planId())
                .filter("current_period_end >= ?", ts(filter.periodEndFrom()))
                .filter("current_period_end < ?", ts(filter.periodEndTo()))
                .filter("cancel_at_period_end = ?", filter.cancelAtPeriodEnd())
                .page(jdbc, "subscription", SORT_COLUMNS.get(sort.name()), "subscription_id", sort, after,
                        text -> Timestamp.from(Instant.parse(text)), limit, SubscriptionStore::map,
                        s -> (sort.name().equals("updated") ? s.updatedAt()
                                : s.currentPeriodEnd() == null ? Instant.EPOCH : s.currentPeriodEnd()).toString(),
                        Subscription::subscriptionId);
        return new Page(page.rows(), page.nextCursor());
    }

    /** A customer's subscriptions, by id. */
    public Page ofCustomer(String customerId, Keyset.Sort sort, Keyset.Cursor after, int limit) {
        Keyset.Page<Subscription> page = new Keyset().filter("customer_id = ?", customerId)
                .page(jdbc, "subscription", "subscription_id", "subscription_id", sort, after, text -> text, limit,
                        SubscriptionStore::map, Subscription::subscriptionId, Subscription::subscriptionId);
        return new Page(page.rows(), page.nextCursor());
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
