package io.paybus.platform.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * What operators ask of a dead-letter listing, the same in every service: the consumer that failed
 * the record, its key (order or subscription), its error class (the full name, or the simple name),
 * its status, parked before an instant; oldest first, after the id {@code after} (the last of the
 * previous page), at most {@code limit}. Any filter may be {@code null}.
 */
public record DeadLetterFilter(String consumer, String key, String errorClass, String status, Instant olderThan,
                               Long after, int limit) {

    public static final int MAX_LIMIT = 1000;

    public DeadLetterFilter {
        limit = Math.min(Math.max(limit, 1), MAX_LIMIT);
    }


    /**
     * Text as PostgreSQL can store it: a NUL character (a Kafka key or an exception message may hold
     * one) becomes U+FFFD. Every write and every lookup by key goes through it, so a key maps to the
     * same row however it was stored.
     */
    public static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    /** The SQL after {@code where true} (conditions, order, limit), its arguments added to {@code args}. */
    String sql(List<Object> args) {
        String where = conditions(args);
        args.add(limit);
        return where + " order by id limit ?";
    }

    /** The conditions alone ({@code " and …"}), their arguments added to {@code args}. */
    String conditions(List<Object> args) {
        StringBuilder sql = new StringBuilder();
        if (consumer != null) {
            sql.append(" and consumer = ?");
            args.add(storable(consumer));
        }
        if (key != null) {
            sql.append(" and record_key = ?");
            args.add(storable(key));
        }
        if (errorClass != null) {
            sql.append(" and (error_class = ? or error_class like ?)");
            args.add(storable(errorClass));
            args.add("%." + storable(errorClass).replace("%", "\\%").replace("_", "\\_"));
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        if (olderThan != null) {
            sql.append(" and created_at < ?");
            args.add(Timestamp.from(olderThan));
        }
        if (after != null) {
            sql.append(" and id > ?");
            args.add(after);
        }
        return sql.toString();
    }
}
