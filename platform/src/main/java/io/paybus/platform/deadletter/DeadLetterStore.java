package io.paybus.platform.deadletter;

import static io.paybus.platform.deadletter.DeadLetterFilter.storable;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code paybus_dead_letter} table: what each consumer parked, per key, in arrival order (by
 * id). Keys and texts go through {@link DeadLetterFilter#storable}, so any record can be parked.
 */
public class DeadLetterStore {

    private static final String COLUMNS = "id, consumer, record_key, source_topic, source_partition, source_offset,"
            + " event_type, provider_event_id, error_class, error_message, stack_summary, attempts, status,"
            + " discard_reason, created_at, resolved_at";

    /** A record to send back: its dead letter, where it came from, its key and its bytes. */
    public record Replayable(long id, String consumer, String sourceTopic, String key, byte[] payload) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration replayLease;

    public DeadLetterStore(JdbcTemplate jdbc, Clock clock, Duration replayLease) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.replayLease = replayLease;
    }

    /** Parks a record; recording the same source record of the same consumer twice keeps the first. */
    public void park(String consumer, String key, String topic, int partition, long offset, String eventType,
            String providerEventId, String errorClass, String errorMessage, String stackSummary, int attempts,
            byte[] payload) {
        jdbc.update("insert into paybus_dead_letter (consumer, record_key, source_topic, source_partition,"
                        + " source_offset, event_type, provider_event_id, error_class, error_message, stack_summary,"
                        + " attempts, payload, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PARKED', ?)"
                        + " on conflict (consumer, source_topic, source_partition, source_offset) do nothing",
                storable(consumer), storable(key), storable(topic), partition, offset, storable(eventType),
                storable(providerEventId), storable(errorClass), storable(errorMessage), storable(stackSummary),
                attempts, payload, Timestamp.from(clock.instant()));
    }

    /** Whether the consumer has a record of the key waiting (parked, or sent for replay and not applied yet). */
    public boolean hasOpen(String consumer, String key) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from paybus_dead_letter"
                + " where consumer = ? and record_key = ? and status in ('PARKED', 'REPLAYING'))", Boolean.class,
                storable(consumer), storable(key)));
    }

    /** Whether a record of the key older than {@code id} is still parked (a replayed one must not overtake it). */
    public boolean hasParkedBefore(String consumer, String key, long id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from paybus_dead_letter"
                + " where consumer = ? and record_key = ? and id < ? and status = 'PARKED')", Boolean.class,
                storable(consumer), storable(key), id));
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("select " + COLUMNS + " from paybus_dead_letter where id = ?", DeadLetterStore::map, id)
                .stream().findFirst();
    }

    public Optional<byte[]> payload(long id) {
        return jdbc.query("select payload from paybus_dead_letter where id = ?", (rs, n) -> rs.getBytes(1), id)
                .stream().findFirst();
    }

    /** A page of the listing, oldest first. */
    public List<DeadLetter> list(DeadLetterFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = filter.sql(args);
        return jdbc.query("select " + COLUMNS + " from paybus_dead_letter where true" + where, DeadLetterStore::map,
                args.toArray());
    }

    /** The ids of every record the filter matches now, oldest first (the set a replay-all works on). */
    public List<Long> ids(DeadLetterFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = filter.conditions(args);
        return jdbc.queryForList("select id from paybus_dead_letter where true" + where + " order by id", Long.class,
                args.toArray());
    }

    /**
     * Marks those of {@code ids} that are still parked as replaying, leased for the replay lease,
     * and returns them with their payloads, oldest first, in one statement.
     */
    public List<Replayable> claimForReplay(List<Long> ids) {
        return jdbc.query("""
                update paybus_dead_letter set status = 'REPLAYING', replaying_until = ?
                 where id in (select id from paybus_dead_letter
                               where id = any(?) and status = 'PARKED'
                               order by id for update skip locked)
                returning id, consumer, source_topic, record_key, payload
                """, (rs, n) -> new Replayable(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBytes(5)), Timestamp.from(clock.instant().plus(replayLease)), ids.toArray(Long[]::new))
                .stream().sorted(Comparator.comparingLong(Replayable::id)).toList();
    }

    /**
     * Parks again the replays whose lease ended without the record being applied (the process
     * crashed between marking and sending, or the send was lost); returns how many. A late replay
     * that still arrives is applied as usual: consumers apply each event once.
     */
    public int releaseExpiredReplays() {
        return jdbc.update("update paybus_dead_letter set status = 'PARKED', replaying_until = null"
                + " where status = 'REPLAYING' and (replaying_until is null or replaying_until < ?)",
                Timestamp.from(clock.instant()));
    }

    public void markReplayed(long id) {
        jdbc.update("update paybus_dead_letter set status = 'REPLAYED', resolved_at = ?, replaying_until = null"
                + " where id = ? and status in ('PARKED', 'REPLAYING')", Timestamp.from(clock.instant()), id);
    }

    /** A replayed record failed again, or had to wait again: back to parked, with what happened. */
    public void parkAgain(long id, String errorClass, String errorMessage, String stackSummary) {
        jdbc.update("update paybus_dead_letter set status = 'PARKED', replaying_until = null, attempts = attempts + 1,"
                + " error_class = ?, error_message = ?, stack_summary = ? where id = ?", storable(errorClass),
                storable(errorMessage), storable(stackSummary), id);
    }

    public boolean discard(long id, String reason) {
        return jdbc.update("update paybus_dead_letter set status = 'DISCARDED', discard_reason = ?, resolved_at = ?"
                + " where id = ? and status = 'PARKED'", storable(reason), Timestamp.from(clock.instant()), id) == 1;
    }

    private static DeadLetter map(ResultSet rs, int row) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new DeadLetter(rs.getLong("id"), rs.getString("consumer"), rs.getString("record_key"),
                rs.getString("source_topic"), rs.getInt("source_partition"), rs.getLong("source_offset"),
                rs.getString("event_type"), rs.getString("provider_event_id"), rs.getString("error_class"),
                rs.getString("error_message"), rs.getString("stack_summary"), rs.getInt("attempts"),
                rs.getString("status"), rs.getString("discard_reason"), rs.getTimestamp("created_at").toInstant(),
                resolved == null ? null : resolved.toInstant());
    }
}
