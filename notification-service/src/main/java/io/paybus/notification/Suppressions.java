package io.paybus.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The suppression list: addresses that get no non-transactional mail (a renewal notice), because
 * they bounced hard or unsubscribed. Transactional mail (receipts, refunds, dunning, cancellation)
 * still goes. Addresses are compared in lower case.
 */
@Repository
public class Suppressions {

    /** A suppressed address, why, since when, by whom. */
    public record Suppressed(String email, String reason, Instant since, String addedBy) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Suppressions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean suppressed(String email) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from suppressed_address where email = ?)",
                Boolean.class, normal(email)));
    }

    /** Suppresses the address; false when it already was. */
    public boolean add(String email, String reason, String addedBy) {
        return jdbc.update("insert into suppressed_address (email, reason, since, added_by) values (?, ?, ?, ?)"
                + " on conflict do nothing", normal(email), reason, Timestamp.from(clock.instant()), addedBy) == 1;
    }

    public boolean remove(String email) {
        return jdbc.update("delete from suppressed_address where email = ?", normal(email)) == 1;
    }

    /** Newest first, at most {@code limit}. */
    public List<Suppressed> list(int limit) {
        return jdbc.query("select * from suppressed_address order by since desc, email limit ?",
                (rs, n) -> new Suppressed(rs.getString("email"), rs.getString("reason"),
                        rs.getTimestamp("since").toInstant(), rs.getString("added_by")), limit);
    }

    private static String normal(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
