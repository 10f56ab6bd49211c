package io.paybus.ingest.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code reconcile_run} table: runs, their cursors and counts, and who holds each one. */
@Repository
public class ReconcileRuns {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ReconcileRuns(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new running run; empty when the account already has a running sweep (one at a time). */
    public Optional<ReconcileRun> start(String account, String kind, Instant from, Instant to, String requestedBy,
            String reason) {
        Timestamp now = now();
        try {
            long id = jdbc.queryForObject("""
                    insert into reconcile_run (account, kind, window_start, window_end, status, requested_by, reason,
                                               started_at, updated_at)
                    values (?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?) returning id
                    """, Long.class, account, kind, Timestamp.from(from), Timestamp.from(to), requestedBy, reason, now,
                    now);
            return find(id);
        } catch (DuplicateKeyException running) {
            return Optional.empty();
        }
    }

    /**
     * Takes the run for {@code owner} for {@code lease} if nobody holds it (or {@code owner} does);
     * false when another instance holds it, or it is not running.
     */
    public boolean claim(long id, String owner, Duration lease) {
        return jdbc.update("""
                update reconcile_run set owner = ?, lease_until = ?
                 where id = ? and status = 'RUNNING' and (owner is null or owner = ? or lease_until < ?)
                """, owner, Timestamp.from(clock.instant().plus(lease)), id, owner, now()) == 1;
    }

    /** Running runs nobody holds (never claimed, or their holder went quiet): what an instance resumes. */
    public List<Long> orphaned() {
        return jdbc.queryForList("select id from reconcile_run where status = 'RUNNING'"
                + " and (owner is null or lease_until < ?) order by id", Long.class, now());
    }

    /** Saves a page's progress and renews the lease; false when the run is no longer the owner's. */
    public boolean advance(long id, String owner, Duration lease, String cursor, Instant position, Counts page) {
        return jdbc.update("""
                update reconcile_run set cursor = ?, position = ?, scanned = scanned + ?, relevant = relevant + ?,
                       delivered = delivered + ?, recovered = recovered + ?, unreadable = unreadable + ?,
                       last_error = null, lease_until = ?, updated_at = ?
                 where id = ? and owner = ? and status = 'RUNNING'
                """, cursor, position == null ? null : Timestamp.from(position), page.scanned(), page.relevant(),
                page.delivered(), page.recovered(), page.unreadable(), Timestamp.from(clock.instant().plus(lease)),
                now(), id, owner) == 1;
    }

    /** A page failed: the run stays where it was, says why, and is let go so it is tried again. */
    public void failedPage(long id, String owner, String error) {
        jdbc.update("update reconcile_run set last_error = ?, owner = null, lease_until = null, updated_at = ?"
                + " where id = ? and owner = ?", error, now(), id, owner);
    }

    public void finish(long id, String owner, String status) {
        jdbc.update("update reconcile_run set status = ?, finished_at = ?, updated_at = ?, owner = null,"
                + " lease_until = null where id = ? and owner = ? and status = 'RUNNING'", status, now(), now(), id,
                owner);
    }

    public boolean cancel(long id) {
        return jdbc.update("update reconcile_run set status = 'CANCELED', finished_at = ?, updated_at = ?,"
                + " owner = null, lease_until = null where id = ? and status = 'RUNNING'", now(), now(), id) == 1;
    }

    public Optional<ReconcileRun> find(long id) {
        return jdbc.query("select * from reconcile_run where id = ?", ReconcileRuns::map, id).stream().findFirst();
    }

    /** Newest first, at most {@code limit}, before the id {@code before} when given. */
    public List<ReconcileRun> recent(String account, String kind, Long before, int limit) {
        return jdbc.query("""
                select * from reconcile_run
                 where (cast(? as text) is null or account = ?) and (cast(? as text) is null or kind = ?)
                   and (cast(? as bigint) is null or id < ?)
                 order by id desc limit ?
                """, ReconcileRuns::map, account, account, kind, kind, before, before, limit);
    }

    /** When the account's last sweep started (finished or not); empty when it never had one. */
    public Optional<Instant> lastSweepStarted(String account) {
        return jdbc.query("select max(started_at) from reconcile_run where account = ? and kind = 'sweep'",
                (rs, n) -> rs.getTimestamp(1), account).stream().filter(t -> t != null).map(Timestamp::toInstant)
                .findFirst();
    }

    /** The account's last sweep that finished. */
    public Optional<ReconcileRun> lastFinishedSweep(String account) {
        return jdbc.query("select * from reconcile_run where account = ? and kind = 'sweep' and status = 'DONE'"
                + " order by finished_at desc limit 1", ReconcileRuns::map, account).stream().findFirst();
    }

    /** What a page found. */
    public record Counts(long scanned, long relevant, long delivered, long recovered, long unreadable) {
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static ReconcileRun map(ResultSet rs, int row) throws SQLException {
        return new ReconcileRun(rs.getLong("id"), rs.getString("account"), rs.getString("kind"),
                instant(rs, "window_start"), instant(rs, "window_end"), rs.getString("cursor"), instant(rs, "position"),
                rs.getLong("scanned"), rs.getLong("relevant"), rs.getLong("delivered"), rs.getLong("recovered"),
                rs.getLong("unreadable"), rs.getString("status"), rs.getString("requested_by"), rs.getString("reason"),
                rs.getString("last_error"), instant(rs, "started_at"), instant(rs, "updated_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
