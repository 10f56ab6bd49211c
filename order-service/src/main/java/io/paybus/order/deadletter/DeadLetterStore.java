package io.paybus.order.deadletter;

import static io.paybus.platform.deadletter.DeadLetterFilter.storable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import io.paybus.order.OrderProperties;
import io.paybus.platform.deadletter.DeadLetterFilter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code inbound_dead_letter} table: what is parked, per order, in arrival order (by id). */
@Repository
public class DeadLetterStore {

    static final String COLUMNS = "id, order_key, source_topic, source_partition, source_offset, event_type,"
            + " provider_event_id, error_class, error_message, stack_summary, attempts, status, discard_reason,"
            + " created_at, resolved_at";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration replayLease;

    public DeadLetterStore(JdbcTemplate jdbc, Clock clock, OrderProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.replayLease = properties.replayLease();
    }

    /** Parks a record; recording the same source record twice keeps the first. */
    public void park(String orderKey, String topic, int partition, long offset, String eventType,
            String providerEventId, String errorClass, String errorMessage, String stackSummary, int attempts,
            byte[] payload) {
        jdbc.update("insert into inbound_dead_letter (order_key, source_topic, source_partition, source_offset,"
                        + " event_type, provider_event_id, error_class, error_message, stack_summary, attempts, payload,"
                        + " status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PARKED', ?)"
                        + " on conflict (source_topic, source_partition, source_offset) do nothing",
                storable(orderKey), storable(topic), partition, offset, storable(eventType), storable(providerEventId),
                storable(errorClass), storable(errorMessage), storable(stackSummary), attempts, payload,
                Timestamp.from(clock.instant()));
    }

    /** Whether the order has a record waiting (parked, or sent for replay and not applied yet). */
    public boolean hasOpen(String orderKey) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from inbound_dead_letter"
                + " where order_key = ? and status in ('PARKED', 'REPLAYING'))", Boolean.class, storable(orderKey)));
    }

    /** Whether a record of the order older than {@code id} is still parked (a replayed one must not overtake it). */
    public boolean hasParkedBefore(String orderKey, long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from inbound_dead_letter"
                + " where order_key = ? and id < ? and status = 'PARKED')", Boolean.class, storable(orderKey), id));
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("select " + COLUMNS + " from inbound_dead_letter where id = ?", DeadLetterStore::map, id)
                .stream().findFirst();
    }

    public Optional<byte[]> payload(long id) {
        return jdbc.query("select payload from inbound_dead_letter where id = ?", (rs, n) -> rs.getBytes(1), id)
                .stream().findFirst();
    }

    /** Filtered listing, oldest first. Any filter may be {@code null}. */
    public List<DeadLetter> list(String orderKey, String errorClass, String status, Instant olderThan, int limit) {
        List<Object> args = new ArrayList<>();
        String where = new DeadLetterFilter(orderKey, errorClass, status, olderThan, limit).sql("order_key", args);
        return jdbc.query("select " + COLUMNS + " from inbound_dead_letter where true" + where, DeadLetterStore::map,
                args.toArray());
    }

    /** The order's parked records, in order. */
    public List<DeadLetter> parked(String orderKey) {
        List<Object> args = new ArrayList<>(List.of(storable(orderKey)));
        return jdbc.query("select " + COLUMNS + " from inbound_dead_letter where order_key = ? and status = 'PARKED'"
                + " order by id", DeadLetterStore::map, args.toArray());
    }

    /** A batch of replayable records: id, order, payload. */
    public record Replayable(long id, String orderKey, byte[] payload) {
    }

    /** The ids of the records parked now (only those of {@code errorClass} if given), oldest first. */
    public List<Long> parkedIds(String errorClass) {
        return jdbc.queryForList("select id from inbound_dead_letter where status = 'PARKED'"
                + " and (cast(? as text) is null or error_class = ?) order by id", Long.class, storable(errorClass),
                storable(errorClass));
    }

    /**
     * Marks those of {@code ids} that are still parked as replaying, leased for the replay lease,
     * and returns them with their payloads, in one statement.
     */
    public List<Replayable> claimForReplay(List<Long> ids) {
        return jdbc.query("""
                update inbound_dead_letter set status = 'REPLAYING', replaying_until = ?
                 where id in (select id from inbound_dead_letter
                               where id = any(?) and status = 'PARKED'
                               order by id for update skip locked)
                returning id, order_key, payload
                """, (rs, n) -> new Replayable(rs.getLong(1), rs.getString(2), rs.getBytes(3)),
                Timestamp.from(clock.instant().plus(replayLease)), ids.toArray(Long[]::new)).stream()
                .sorted(java.util.Comparator.comparingLong(Replayable::id)).toList();
    }

    public boolean markReplaying(long id) {
        return jdbc.update("update inbound_dead_letter set status = 'REPLAYING', replaying_until = ? where id = ?"
                + " and status = 'PARKED'", Timestamp.from(clock.instant().plus(replayLease)), id) == 1;
    }

    /**
     * Parks again the replays whose lease ended without the record being applied (the process
     * crashed between marking and sending, or the send was lost); returns how many. A late replay
     * that still arrives is applied as usual, each provider event once.
     */
    public int releaseExpiredReplays() {
        return jdbc.update("update inbound_dead_letter set status = 'PARKED', replaying_until = null"
                + " where status = 'REPLAYING' and (replaying_until is null or replaying_until < ?)",
                Timestamp.from(clock.instant()));
    }

    public void markReplayed(long id) {
        jdbc.update("update inbound_dead_letter set status = 'REPLAYED', resolved_at = ? where id = ?"
                + " and status in ('PARKED', 'REPLAYING')", Timestamp.from(clock.instant()), id);
    }

    /** A replayed record failed again, or had to wait again: back to parked, with what happened. */
    public void parkAgain(long id, String errorClass, String errorMessage, String stackSummary) {
        jdbc.update("update inbound_dead_letter set status = 'PARKED', attempts = attempts + 1, error_class = ?,"
                + " error_message = ?, stack_summary = ? where id = ?", storable(errorClass), storable(errorMessage),
                storable(stackSummary), id);
    }

    public boolean discard(long id, String reason) {
        return jdbc.update("update inbound_dead_letter set status = 'DISCARDED', discard_reason = ?, resolved_at = ?"
                + " where id = ? and status = 'PARKED'", storable(reason), Timestamp.from(clock.instant()), id) == 1;
    }

    private static DeadLetter map(ResultSet rs, int row) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new DeadLetter(rs.getLong("id"), rs.getString("order_key"), rs.getString("source_topic"),
                rs.getInt("source_partition"), rs.getLong("source_offset"), rs.getString("event_type"),
                rs.getString("provider_event_id"), rs.getString("error_class"), rs.getString("error_message"),
                rs.getString("stack_summary"), rs.getInt("attempts"), rs.getString("status"),
                rs.getString("discard_reason"), rs.getTimestamp("created_at").toInstant(),
                resolved == null ? null : resolved.toInstant());
    }
}
