package io.paybus.order.query;

import io.paybus.platform.search.Keyset;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code GET /orders}: the read model filtered, sorted and paged by key ({@link Keyset}). Each sort
 * has its index (V13).
 */
@Repository
public class OrderSearch {

    /** The sorts, by their parameter name: creation, last change, amount. */
    private static final Map<String, String> SORT_COLUMNS = Map.of("created", "created_at", "updated", "updated_at",
            "amount", "coalesce(amount_minor, 0)");

    /**
     * What to look for; every part optional. Ranges are from inclusive, to exclusive.
     *
     * @param deadLetter {@code true}: only orders with an open dead letter; {@code false}: only without
     */
    public record Filter(String status, String provider, Instant createdFrom, Instant createdTo, Instant updatedFrom,
                         Instant updatedTo, Long amountMin, Long amountMax, String currency, String customerEmail,
                         String customerId, Boolean deadLetter) {
    }

    /** A page: its orders, and the cursor of the next one ({@code null} on the last). */
    public record Page(List<OrderView> orders, String nextCursor) {
    }

    private final JdbcTemplate jdbc;

    OrderSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Page find(Filter filter, Keyset.Sort sort, Keyset.Cursor after, int limit) {
        Keyset query = new Keyset()
                .filter("status = ?", filter.status())
                .filter("provider = ?", filter.provider())
                .filter("created_at >= ?", ts(filter.createdFrom()))
                .filter("created_at < ?", ts(filter.createdTo()))
                .filter("updated_at >= ?", ts(filter.updatedFrom()))
                .filter("updated_at < ?", ts(filter.updatedTo()))
                .filter("amount_minor >= ?", filter.amountMin())
                .filter("amount_minor <= ?", filter.amountMax())
                .filter("currency = ?", filter.currency())
                .filter("lower(customer_email) = lower(?)", filter.customerEmail())
                .filter("customer_id = ?", filter.customerId());
        if (filter.deadLetter() != null) {
            query.condition((filter.deadLetter() ? "" : "not ") + "exists (select 1 from paybus_dead_letter d"
                    + " where d.record_key = order_summary.order_id and d.status in ('PARKED', 'REPLAYING'))");
        }
        boolean amount = sort.name().equals("amount");
        Function<OrderView, String> value = switch (sort.name()) {
            case "created" -> o -> o.createdAt().toString();
            case "updated" -> o -> o.updatedAt().toString();
            default -> o -> Long.toString(o.amount() == null ? 0 : o.amount());
        };
        Keyset.Page<OrderView> page = query.page(jdbc, "order_summary", SORT_COLUMNS.get(sort.name()), "order_id",
                sort, after, text -> amount ? (Object) Long.parseLong(text) : Timestamp.from(Instant.parse(text)),
                limit, (rs, n) -> OrderSummaryRepository.view(rs), value, OrderView::orderId);
        return new Page(page.rows(), page.nextCursor());
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
