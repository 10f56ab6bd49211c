package io.paybus.order.query;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.LogSafe;
import io.paybus.platform.search.Keyset;
import io.paybus.platform.web.ProblemException;
import io.paybus.platform.web.SearchParameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' verbs on the read model's dead letters (Axon's sequenced dead-letter queue):
 * {@code GET /projection-dead-letters} lists them per order, {@code POST .../replay} retries an
 * order's (or every) sequence in order, {@code POST .../discard} drops an order's with a reason.
 */
@RestController
class ProjectionDeadLetters {

    /** One dead-lettered event of the projection. */
    record Letter(String order, long sequenceNumber, String eventType, String eventId, String cause,
                  Instant enqueuedAt) {
    }

    private static final Logger log = LoggerFactory.getLogger(ProjectionDeadLetters.class);

    private final EventProcessingConfiguration processing;
    private final AuditLog audit;
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    ProjectionDeadLetters(EventProcessingConfiguration processing, AuditLog audit,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.processing = processing;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    /** The header of a listing that has more: the {@code cursor} of its next page. */
    static final String NEXT_CURSOR = "Paybus-Next-Cursor";

    /**
     * The read model's dead letters, oldest order first and in order within it, filtered by order,
     * error (type or message containing it) and age; {@code limit} 1-1000 (100) at a time, the next
     * page's {@code cursor} in the {@value #NEXT_CURSOR} header (absent on the last). Read from the
     * queue's table, so a page costs the same however long the queue is.
     */
    @GetMapping("/projection-dead-letters")
    org.springframework.http.ResponseEntity<List<Letter>> list(@RequestParam Map<String, String> parameters) {
        SearchParameters query = SearchParameters.of(parameters, java.util.Set.of("order", "error", "olderThan"));
        if (parameters.containsKey("sort")) {
            throw SearchParameters.invalid("sort", "dead letters are listed by order, oldest first");
        }
        Keyset.Sort sort = new Keyset.Sort("order", true);
        int limit = query.limit(100, 1000);
        Keyset.Cursor cursor = query.cursor(sort, text -> text);
        Instant olderThan = query.instant("olderThan");
        Keyset.Page<Row> page = new Keyset()
                .filter("processinggroup = ?", OrderSummaryProjection.PROCESSING_GROUP)
                .filter("sequenceidentifier = ?", query.text("order"))
                .filter("(causetype || ': ' || coalesce(causemessage, '')) like '%' || ? || '%'", query.text("error"))
                .filter("enqueuedat::timestamptz < ?", olderThan == null ? null : java.sql.Timestamp.from(olderThan))
                // the position in the order's sequence, as text that sorts as the number does
                .page(jdbc, "deadletterentry", "sequenceidentifier", "lpad(sequenceindex::text, 19, '0')", sort, cursor,
                        text -> text, limit, (rs, n) -> new Row(rs.getString("sequenceidentifier"),
                                String.format("%019d", rs.getLong("sequenceindex")), new Letter(
                                rs.getString("aggregateidentifier"), rs.getLong("sequencenumber"),
                                rs.getString("payloadtype").replaceAll(".*[.$]", ""), rs.getString("eventidentifier"),
                                rs.getString("causetype") == null ? null : rs.getString("causetype") + ": "
                                        + rs.getString("causemessage"), Instant.parse(rs.getString("enqueuedat")))),
                        Row::sequence, Row::index);
        List<Letter> letters = page.rows().stream().map(Row::letter).toList();
        return page.nextCursor() == null ? org.springframework.http.ResponseEntity.ok(letters)
                : org.springframework.http.ResponseEntity.ok().header(NEXT_CURSOR, page.nextCursor()).body(letters);
    }

    /** A dead letter with its place in the queue: its sequence (the order) and its index in it. */
    private record Row(String sequence, String index, Letter letter) {
    }

    /** Retries an order's dead letters in order (all orders' without {@code order}); how many sequences went. */
    @PostMapping("/projection-dead-letters/replay")
    Map<String, Object> replay(@RequestParam(required = false) String order,
            @RequestParam(required = false) String reason) {
        String why = AuditLog.requireReason(reason);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(OrderSummaryProjection.PROCESSING_GROUP)
                .orElseThrow(() -> ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "projection_not_running",
                        "no dead-letter processor for the read model"));
        int processed = 0;
        if (order != null) {
            processed = processor.process(letter -> order.equals(orderOf(letter))) ? 1 : 0;
        } else {
            while (processed < 10_000 && processor.processAny()) {
                processed++;
            }
        }
        log.info("replayed {} dead-lettered projection sequence(s){}", processed,
                order == null ? "" : " of " + LogSafe.of(order));
        audit.record("projection-dead-letter.replay", order == null ? "projection:order-summary" : "order:" + order, why,
                "accepted", Map.of("sequencesProcessed", processed));
        return Map.of("sequencesProcessed", processed, "remaining", remaining(order));
    }

    @PostMapping("/projection-dead-letters/discard")
    Map<String, Object> discard(@RequestParam String order, @RequestParam(required = false) String reason) {
        String why = AuditLog.requireReason(reason);
        int evicted = 0;
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue().deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (order.equals(orderOf(letter))) {
                    queue().evict(letter);
                    evicted++;
                }
            }
        }
        log.info("discarded {} dead-lettered projection event(s) of {}: {}", evicted, LogSafe.of(order), LogSafe.of(why));
        audit.record("projection-dead-letter.discard", "order:" + order, why, "discarded", Map.of("discarded", evicted));
        return Map.of("discarded", evicted);
    }

    /** The read model's dead letters still queued, of {@code order} or of all. */
    private long remaining(String order) {
        return jdbc.queryForObject("select count(*) from deadletterentry where processinggroup = ?"
                + (order == null ? "" : " and sequenceidentifier = ?"), Long.class, order == null
                ? new Object[] {OrderSummaryProjection.PROCESSING_GROUP}
                : new Object[] {OrderSummaryProjection.PROCESSING_GROUP, order});
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(OrderSummaryProjection.PROCESSING_GROUP)
                .orElseThrow(() -> ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "projection_not_running",
                        "no dead-letter queue for the read model"));
    }

    private static String orderOf(DeadLetter<? extends EventMessage<?>> letter) {
        return letter.message() instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }
}
