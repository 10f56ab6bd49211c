package io.paybus.platform.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.ProblemException;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /dead-letters} of every service that parks records, one shape for all (and so one command
 * line, {@code ./deploy/dead-letters.sh --url …}): list (filtered, paged by {@code after}), inspect,
 * replay one, the parked records of a key, or all (of an error class, of a consumer), and discard.
 * Every verb takes a reason, and is audited.
 */
@RestController
public class DeadLetterController {

    /** Body of a replay or a discard: why (required, audited). */
    public record Reason(String reason) {
    }

    public record Replayed(List<Long> replayed) {
    }

    /**
     * A dead letter with its record: {@code record} is its value read as JSON when it is JSON,
     * {@code unreadable} says why not otherwise; {@code rawBase64} is the bytes as they were.
     */
    public record Inspected(DeadLetter deadLetter, Object record, String unreadable, String rawBase64) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterStore store;
    private final DeadLetterOperations operations;
    private final AuditLog audit;

    public DeadLetterController(DeadLetterStore store, DeadLetterOperations operations, AuditLog audit) {
        this.store = store;
        this.operations = operations;
        this.audit = audit;
    }

    @GetMapping("/dead-letters")
    List<DeadLetter> list(@RequestParam(required = false) String consumer, @RequestParam(required = false) String key,
            @RequestParam(required = false) String error, @RequestParam(required = false) String status,
            @RequestParam(required = false) Instant olderThan, @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "100") int limit) {
        return store.list(new DeadLetterFilter(consumer, key, error, status, olderThan, after, limit));
    }

    @GetMapping("/dead-letters/{id}")
    Inspected inspect(@PathVariable long id) {
        DeadLetter letter = store.find(id).orElseThrow(() -> problem(
                new DeadLetterException(DeadLetterException.Reason.NOT_FOUND, "no dead letter " + id)));
        byte[] payload = store.payload(id).orElse(new byte[0]);
        Object decoded = null;
        String unreadable = null;
        try {
            decoded = JSON.readValue(payload, Object.class);
        } catch (IOException | RuntimeException notJson) {
            unreadable = "not JSON: " + notJson.getMessage().lines().findFirst().orElse("");
        }
        return new Inspected(letter, decoded, unreadable, Base64.getEncoder().encodeToString(payload));
    }

    @PostMapping("/dead-letters/{id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Replayed replay(@PathVariable long id, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        List<Long> replayed = verb(() -> operations.replayOne(id));
        audit.record("dead-letter.replay", "dead-letter:" + id, reason, "accepted", Map.of("replayed", replayed));
        return new Replayed(replayed);
    }

    /** Replays every parked record of a key (an order, a subscription), in order. */
    @PostMapping("/dead-letters/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Replayed replayKey(@RequestParam String key, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        List<Long> replayed = verb(() -> operations.replayKey(key));
        audit.record("dead-letter.replay-key", "key:" + key, reason, "accepted", Map.of("replayed", replayed));
        return new Replayed(replayed);
    }

    /** Replays every record parked now, or those of one error class or consumer; answers how many. */
    @PostMapping("/dead-letters/replay-all")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> replayAll(@RequestParam(required = false) String error,
            @RequestParam(required = false) String consumer, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        int replayed = verb(() -> operations.replayAll(error, consumer));
        String target = error == null ? "dead-letters" : "error:" + error;
        audit.record("dead-letter.replay-all", consumer == null ? target : target + "@" + consumer, reason,
                "accepted", Map.of("replayed", replayed));
        return Map.of("replayed", replayed);
    }

    @PostMapping("/dead-letters/{id}/discard")
    Map<String, Object> discard(@PathVariable long id, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        verb(() -> {
            operations.discard(id, reason);
            return id;
        });
        audit.record("dead-letter.discard", "dead-letter:" + id, reason, "discarded", Map.of());
        return Map.of("discarded", id);
    }

    private static <T> T verb(java.util.function.Supplier<T> verb) {
        try {
            return verb.get();
        } catch (DeadLetterException refused) {
            throw problem(refused);
        }
    }

    private static ProblemException problem(DeadLetterException refused) {
        return switch (refused.reason()) {
            case NOT_FOUND -> ProblemException.of(HttpStatus.NOT_FOUND, "dead_letter_not_found", refused.getMessage());
            case NOT_PARKED -> ProblemException.of(HttpStatus.CONFLICT, "dead_letter_not_parked", refused.getMessage());
            case NOT_FIRST -> ProblemException.of(HttpStatus.CONFLICT, "dead_letter_not_first", refused.getMessage());
            case BROKER_UNAVAILABLE -> ProblemException.of(HttpStatus.SERVICE_UNAVAILABLE, "broker_unavailable",
                    refused.getMessage());
        };
    }
}
