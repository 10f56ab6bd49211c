package io.paybus.billing.usage;

import io.paybus.platform.web.ProblemException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Metered usage per customer, idempotent by request key, reported to the provider once: at the
 * renewal of the period it was recorded in (see {@code Renewals}).
 */
@Service
public class Usage {

    /** What a customer used in a period and has not been billed for, and the records it sums. */
    public record Unreported(long quantity, List<String> keys) {
    }

    /** The most one usage record may count. */
    public static final long MAX_QUANTITY = 1_000_000_000L;
    /** The most a customer's unbilled usage may add up to; more is refused, so no sum overflows. */
    public static final long MAX_UNBILLED = 1_000 * MAX_QUANTITY;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Usage(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records usage; true when new, false when the key was recorded before with the same quantity. */
    public boolean record(String customerId, String key, long quantity) {
        // Below the cap the insert goes through; a record that would pass it is refused (a race of two
        // at the cap may pass it by one record, still far from overflowing a bigint).
        int inserted = jdbc.update("insert into usage_record (customer_id, request_key, quantity, recorded_at)"
                + " select ?, ?, ?, ? where (select coalesce(sum(quantity), 0) from usage_record where customer_id = ?"
                + " and reported_period is null) + ? <= ? on conflict do nothing", customerId, key, quantity,
                Timestamp.from(clock.instant()), customerId, quantity, MAX_UNBILLED);
        if (inserted == 1) {
            return true;
        }
        List<Long> previous = jdbc.queryForList("select quantity from usage_record where customer_id = ?"
                + " and request_key = ?", Long.class, customerId, key);
        if (previous.isEmpty()) {
            throw ProblemException.of(HttpStatus.UNPROCESSABLE_CONTENT, "usage_overflow", "customer " + customerId
                    + " has " + unreportedTotal(customerId) + " unbilled; " + quantity + " more would exceed "
                    + MAX_UNBILLED);
        }
        long before = previous.get(0);
        if (before != quantity) {
            throw ProblemException.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                    "key " + key + " recorded " + before + ", not " + quantity);
        }
        return false;
    }

    /** Usage recorded before {@code periodEnd} and not yet billed. */
    public Unreported unreported(String customerId, Instant periodEnd) {
        List<Object[]> rows = jdbc.query("select request_key, quantity from usage_record where customer_id = ?"
                + " and reported_period is null and recorded_at < ? order by request_key",
                (rs, n) -> new Object[] {rs.getString(1), rs.getLong(2)}, customerId, Timestamp.from(periodEnd));
        return new Unreported(rows.stream().mapToLong(r -> (Long) r[1]).sum(),
                rows.stream().map(r -> (String) r[0]).toList());
    }

    /** Marks what a renewal billed. */
    public void markReported(String customerId, List<String> keys, String period) {
        for (String key : keys) {
            jdbc.update("update usage_record set reported_period = ? where customer_id = ? and request_key = ?"
                    + " and reported_period is null", period, customerId, key);
        }
    }

    public long unreportedTotal(String customerId) {
        return jdbc.queryForObject("select coalesce(sum(quantity), 0) from usage_record where customer_id = ?"
                + " and reported_period is null", Long.class, customerId);
    }
}
