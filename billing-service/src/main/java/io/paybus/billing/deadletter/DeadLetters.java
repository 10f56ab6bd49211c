package io.paybus.billing.deadletter;

import io.paybus.platform.web.ProblemException;
import io.paybus.events.Topics;
import static io.paybus.platform.deadletter.DeadLetterFilter.storable;

import io.paybus.platform.deadletter.DeadLetterFilter;
import io.paybus.platform.deadletter.ReplayMarker;
import io.paybus.platform.web.LogSafe;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.stereotype.Component;

/**
 * What the billing service could not process: written to {@code billing.schedule-dlt} (schedule
 * events; with Spring Kafka's {@code kafka_dlt-*} headers) and kept in PostgreSQL for operators,
 * before the consumer's offset moves. The same verbs as the order service's dead letters: list,
 * inspect, replay (back to the topic it came from, where processing is idempotent), discard.
 */
@Component
public class DeadLetters implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<Object, Object> kafka;
    private final ConsumerRecordRecoverer deadLetterTopic;
    private final Clock clock;

    DeadLetters(JdbcTemplate jdbc, KafkaTemplate<Object, Object> kafka, Clock clock) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.clock = clock;
        this.deadLetterTopic = new org.springframework.kafka.listener.DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new org.apache.kafka.common.TopicPartition(Topics.BILLING_SCHEDULE_DLT,
                        record.partition()));
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable cause = meaningful(exception);
        if (Topics.BILLING_SCHEDULE.equals(record.topic())) {
            deadLetterTopic.accept(record, cause instanceof Exception e ? e : exception);
        }
        String summary = Arrays.stream(cause.getStackTrace()).limit(6).map(StackTraceElement::toString)
                .collect(Collectors.joining("\n"));
        jdbc.update("""
                insert into schedule_dead_letter (subscription_id, source_topic, source_partition, source_offset,
                    error_class, error_message, stack_summary, payload, status, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'PARKED', ?)
                on conflict (source_topic, source_partition, source_offset) do update set
                    status = 'PARKED', error_class = excluded.error_class, error_message = excluded.error_message,
                    stack_summary = excluded.stack_summary
                """, storable(record.key() == null ? null : record.key().toString()), storable(record.topic()),
                record.partition(), record.offset(), storable(cause.getClass().getName()), storable(cause.getMessage()),
                storable(summary), record.value() instanceof byte[] bytes ? bytes : null, Timestamp.from(clock.instant()));
        log.warn("dead-lettered {}-{}@{} (subscription {}): {}", record.topic(), record.partition(), record.offset(),
                LogSafe.of(record.key()), LogSafe.of(cause.getMessage()));
    }

    /** Filtered listing, oldest first (the same filters as every service's). Any filter may be {@code null}. */
    public List<ScheduleDeadLetter> list(String subscription, String error, String status, Instant olderThan,
            int limit) {
        List<Object> args = new ArrayList<>();
        String where = new DeadLetterFilter(subscription, error, status, olderThan, limit).sql("subscription_id", args);
        return jdbc.query("select * from schedule_dead_letter where true" + where, DeadLetters::map, args.toArray());
    }

    public Optional<ScheduleDeadLetter> find(long id) {
        return jdbc.query("select * from schedule_dead_letter where id = ?", DeadLetters::map, id).stream()
                .findFirst();
    }

    public Optional<byte[]> payload(long id) {
        return jdbc.query("select payload from schedule_dead_letter where id = ?", (rs, n) -> rs.getBytes(1), id)
                .stream().findFirst();
    }

    /** Sends the record back to the topic it came from; it leaves the list as replayed. */
    public void replay(long id) {
        ScheduleDeadLetter letter = find(id).orElseThrow(() -> notFound(id));
        if (!"PARKED".equals(letter.status())) {
            throw ProblemException.of(HttpStatus.CONFLICT, "dead_letter_not_parked", "dead letter " + id + " is "
                    + letter.status());
        }
        send(letter);
    }

    private void send(ScheduleDeadLetter letter) {
        long id = letter.id();
        ProducerRecord<Object, Object> record = new ProducerRecord<>(letter.sourceTopic(), letter.subscriptionId(),
                payload(id).orElse(new byte[0]));
        // Scoped to this service's consumer of that topic: the order service, which reads
        // payments.inbound too, sees an ordinary redelivery, never a replay of one of its dead letters.
        ReplayMarker.of("billing-service", "billing", letter.sourceTopic()).mark(record.headers(), id);
        try {
            kafka.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "broker_unavailable", "the replay could not be sent");
        }
        jdbc.update("update schedule_dead_letter set status = 'REPLAYED', resolved_at = ? where id = ?",
                Timestamp.from(clock.instant()), id);
        log.info("replayed dead letter {} to {}", id, letter.sourceTopic());
    }

    /**
     * Replays every record parked now (those of one error class if given), oldest first; one the
     * consumer parks again meanwhile waits for the next run. Returns the ids replayed.
     */
    public List<Long> replayAll(String errorClass) {
        List<Object> args = new ArrayList<>();
        String where = new DeadLetterFilter(null, errorClass, "PARKED", null, DeadLetterFilter.MAX_LIMIT)
                .conditions("subscription_id", args);
        List<ScheduleDeadLetter> parked = jdbc.query("select * from schedule_dead_letter where true" + where
                + " order by id", DeadLetters::map, args.toArray());
        List<Long> replayed = new ArrayList<>();
        for (ScheduleDeadLetter letter : parked) {
            send(letter);
            replayed.add(letter.id());
        }
        return replayed;
    }

    public void discard(long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "reason_required", "say why the record is discarded");
        }
        if (jdbc.update("update schedule_dead_letter set status = 'DISCARDED', discard_reason = ?, resolved_at = ?"
                + " where id = ? and status = 'PARKED'", storable(reason), Timestamp.from(clock.instant()), id) == 0) {
            throw find(id).isPresent()
                    ? ProblemException.of(HttpStatus.CONFLICT, "dead_letter_not_parked", "dead letter " + id + " is not parked")
                    : notFound(id);
        }
        log.info("discarded dead letter {}: {}", id, LogSafe.of(reason));
    }

    private static RuntimeException notFound(long id) {
        return ProblemException.of(HttpStatus.NOT_FOUND, "dead_letter_not_found", "no dead letter " + id);
    }

    private static Throwable meaningful(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getClass().getName().startsWith("org.springframework.")) {
            t = t.getCause();
        }
        return t;
    }

    private static ScheduleDeadLetter map(ResultSet rs, int row) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new ScheduleDeadLetter(rs.getLong("id"), rs.getString("subscription_id"), rs.getString("source_topic"),
                rs.getInt("source_partition"), rs.getLong("source_offset"), rs.getString("error_class"),
                rs.getString("error_message"), rs.getString("stack_summary"), rs.getString("status"),
                rs.getString("discard_reason"), rs.getTimestamp("created_at").toInstant(),
                resolved == null ? null : resolved.toInstant());
    }
}
