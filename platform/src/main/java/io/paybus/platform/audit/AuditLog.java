package io.paybus.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.platform.security.Actor;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends to and reads the service's audit log ({@code paybus_audit_log}). The actor is taken from
 * the request's credentials ({@link Actor#current()}), never from what a caller says it is.
 */
public final class AuditLog {

    /** One act. */
    public record Entry(long id, Instant at, String actor, String action, String target, String reason,
                        String outcome, Map<String, Object> details) {
    }

    /** A page of entries, newest first; {@code nextCursor} continues it ({@code null}: the end). */
    public record Page(List<Entry> entries, String nextCursor) {
    }

    /** What to look for; any may be null. */
    public record Query(String actor, String action, String target, Instant since, Instant until, Long before,
                        int limit) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The reason an operator gave, required for acts that must be explained (a dead letter's
     * replay or discard, an intervention): refused with 400 {@code reason_required} when missing.
     */
    public static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw io.paybus.platform.web.ProblemException.of(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "reason_required", "say why: a reason is required and recorded in the audit log");
        }
        if (reason.length() > 1000) {
            throw io.paybus.platform.web.ProblemException.of(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "reason_too_long", "a reason is at most 1000 characters");
        }
        return reason.strip();
    }

    /** Records an act of the current request's actor. */
    public void record(String action, String target, String reason, String outcome, Map<String, ?> details) {
        record(Actor.current(), action, target, reason, outcome, details);
    }

    public void record(Actor actor, String action, String target, String reason, String outcome,
            Map<String, ?> details) {
        String json;
        try {
            json = details == null || details.isEmpty() ? null : JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            json = String.valueOf(details);
        }
        jdbc.update("insert into paybus_audit_log (at, actor, action, target, reason, outcome, details)"
                + " values (?, ?, ?, ?, ?, ?, ?)", Timestamp.from(clock.instant()), cut(actor.toString(), 200),
                cut(action, 100), cut(target, 300), cut(reason, 1000), cut(outcome, 100), json);
    }

    public Page find(Query query) {
        StringBuilder sql = new StringBuilder("select id, at, actor, action, target, reason, outcome, details"
                + " from paybus_audit_log where true");
        List<Object> args = new ArrayList<>();
        condition(sql, args, " and actor = ?", query.actor());
        condition(sql, args, " and action = ?", query.action());
        condition(sql, args, " and target = ?", query.target());
        condition(sql, args, " and at >= ?", query.since() == null ? null : Timestamp.from(query.since()));
        condition(sql, args, " and at < ?", query.until() == null ? null : Timestamp.from(query.until()));
        condition(sql, args, " and id < ?", query.before());
        sql.append(" order by id desc limit ?");
        args.add(query.limit() + 1);
        List<Entry> entries = jdbc.query(sql.toString(), (rs, n) -> new Entry(rs.getLong("id"),
                rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"),
                rs.getString("target"), rs.getString("reason"), rs.getString("outcome"),
                details(rs.getString("details"))), args.toArray());
        if (entries.size() > query.limit()) {
            List<Entry> page = entries.subList(0, query.limit());
            return new Page(List.copyOf(page), Long.toString(page.get(page.size() - 1).id()));
        }
        return new Page(entries, null);
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            return Map.of("raw", json);
        }
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
