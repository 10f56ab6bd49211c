package io.paybus.order.query;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.LogSafe;
import io.paybus.platform.web.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
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

    ProjectionDeadLetters(EventProcessingConfiguration processing, AuditLog audit) {
        this.processing = processing;
        this.audit = audit;
    }

    @GetMapping("/projection-dead-letters")
    List<Letter> list(@RequestParam(required = false) String order, @RequestParam(required = false) String error,
            @RequestParam(required = false) Instant olderThan) {
        List<Letter> letters = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue().deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                Letter view = view(letter);
                if ((order == null || order.equals(view.order()))
                        && (error == null || (view.cause() != null && view.cause().contains(error)))
                        && (olderThan == null || view.enqueuedAt().isBefore(olderThan))) {
                    letters.add(view);
                }
            }
        }
        return letters;
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
        return Map.of("sequencesProcessed", processed, "remaining", list(order, null, null).size());
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(OrderSummaryProjection.PROCESSING_GROUP)
                .orElseThrow(() -> ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "projection_not_running",
                        "no dead-letter queue for the read model"));
    }

    private static Letter view(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        long sequence = message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : -1;
        return new Letter(orderOf(letter), sequence, message.getPayloadType().getSimpleName(), message.getIdentifier(),
                letter.cause().map(c -> c.type() + ": " + c.message()).orElse(null), letter.enqueuedAt());
    }

    private static String orderOf(DeadLetter<? extends EventMessage<?>> letter) {
        return letter.message() instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
    }
}
