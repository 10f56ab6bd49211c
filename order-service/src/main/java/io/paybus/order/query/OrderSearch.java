package io.paybus.order.query;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code GET /orders}: the read model filtered, sorted and paged by key (a cursor names the last
 * row of a page, so a page costs the same however deep it lies, and rows that move between pages
 * are neither skipped nor repeated by position). Each sort has its index (V13).
 */
@Repository
public class OrderSearch {

    /** How the orders are sorted: by creation, last change or amount, newest or largest first unless ascending. */
    public enum Sort {
        CREATED("created_at"), UPDATED("updated_at"), AMOUNT("coalesce(amount_minor, 0)");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    /**
     * What to look for; every part optional. Ranges are from inclusive, to exclusive.
     *
     * @param deadLetter {@code true}: only orders with an open dead letter; {@code false}: only without
     */
    public record Filter(String status, String provider, Instant createdFrom, Instant createdTo, Instant updatedFrom,
                         Instant updatedTo, Long amountMin, Long amountMax, String currency, String customerEmail,
                         String customerId, Boolean deadLetter) {
    }

    /** Where a page ends: the sort value and the order id of its last row. */
    public record Cursor(Sort sort, boolean ascending, String value, String orderId) {

        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((sort + "|" + ascending + "|" + value + "|"
                    + orderId).getBytes(StandardCharsets.UTF_8));
        }

        /** The cursor {@code text} encodes; {@code null} when it is not one. */
        static Cursor decode(String text) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 4);
                return parts.length == 4 ? new Cursor(Sort.valueOf(parts[0]), Boolean.parseBoolean(parts[1]), parts[2],
                        parts[3]) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** A page: its orders, and the cursor of the next one ({@code null} on the last). */
    public record Page(List<OrderView> orders, String nextCursor) {
    }

    private final JdbcTemplate jdbc;

    OrderSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Page find(Filter filter, Sort sort, boolean ascending, Cursor after, int limit) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> arguments = new ArrayList<>();
        condition(where, arguments, "status = ?", filter.status());
        condition(where, arguments, "provider = ?", filter.provider());
        condition(where, arguments, "created_at >= ?", timestamp(filter.createdFrom()));
        condition(where, arguments, "created_at < ?", timestamp(filter.createdTo()));
        condition(where, arguments, "updated_at >= ?", timestamp(filter.updatedFrom()));
        condition(where, arguments, "updated_at < ?", timestamp(filter.updatedTo()));
        condition(where, arguments, "amount_minor >= ?", filter.amountMin());
        condition(where, arguments, "amount_minor <= ?", filter.amountMax());
        condition(where, arguments, "currency = ?", filter.currency());
        condition(where, arguments, "lower(customer_email) = lower(?)", filter.customerEmail());
        condition(where, arguments, "customer_id = ?", filter.customerId());
        if (filter.deadLetter() != null) {
            where.append(filter.deadLetter() ? " and" : " and not").append(" exists (select 1 from paybus_dead_letter d"
                    + " where d.record_key = order_summary.order_id and d.status in ('PARKED', 'REPLAYING'))");
        }
        String direction = ascending ? "asc" : "desc";
        if (after != null) {
            where.append(" and (").append(sort.column).append(", order_id) ").append(ascending ? ">" : "<")
                    .append(" (?, ?)");
            arguments.add(sort == Sort.AMOUNT ? (Object) Long.parseLong(after.value())
                    : Timestamp.from(Instant.parse(after.value())));
            arguments.add(after.orderId());
        }
        arguments.add(limit + 1);
        List<OrderView> rows = jdbc.query("select order_id, status, provider, payment_ref, amount_minor, currency,"
                + " refunded_minor, created_at, updated_at, customer_id, customer_email from order_summary" + where
                + " order by " + sort.column + " " + direction + ", order_id " + direction + " limit ?",
                (rs, n) -> OrderSummaryRepository.view(rs), arguments.toArray());
        List<OrderView> orders = rows.stream().limit(limit).toList();
        String next = null;
        if (rows.size() > limit) {
            OrderView last = orders.get(orders.size() - 1);
            String value = switch (sort) {
                case CREATED -> last.createdAt().toString();
                case UPDATED -> last.updatedAt().toString();
                case AMOUNT -> Long.toString(last.amount() == null ? 0 : last.amount());
            };
            next = new Cursor(sort, ascending, value, last.orderId()).encode();
        }
        return new Page(orders, next);
    }

    private static void condition(StringBuilder where, List<Object> arguments, String sql, Object value) {
        if (value != null) {
            where.append(" and ").append(sql);
            arguments.add(value);
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
