package io.paybus.order.deadletter;

import io.paybus.events.EventCodec;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.ProblemException;
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

/** {@code /dead-letters}: list, inspect, replay (one, or all of an order) and discard. */
@RestController
class DeadLetterController {

    record Replayed(List<Long> replayed) {
    }

    /** Body of a replay or a discard: why (required, audited). */
    record Reason(String reason) {
    }

    /** A dead letter with its record: decoded when it can be, else base64. */
    record Inspected(DeadLetter deadLetter, Object record, String rawBase64) {
    }

    private final DeadLetterStore store;
    private final DeadLetterOperations operations;
    private final EventCodec codec;
    private final AuditLog audit;

    DeadLetterController(DeadLetterStore store, DeadLetterOperations operations, EventCodec codec, AuditLog audit) {
        this.store = store;
        this.operations = operations;
        this.codec = codec;
        this.audit = audit;
    }

    @GetMapping("/dead-letters")
    List<DeadLetter> list(@RequestParam(required = false) String order, @RequestParam(required = false) String error,
            @RequestParam(required = false) String status, @RequestParam(required = false) Instant olderThan,
            @RequestParam(defaultValue = "100") int limit) {
        return store.list(order, error, status, olderThan, Math.min(Math.max(limit, 1), 1000));
    }

    @GetMapping("/dead-letters/{id}")
    Inspected inspect(@PathVariable long id) {
        DeadLetter letter = store.find(id).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND,
                "dead_letter_not_found", "no dead letter " + id));
        byte[] payload = store.payload(id).orElse(new byte[0]);
        Object decoded;
        try {
            decoded = codec.decode(payload);
        } catch (RuntimeException unreadable) {
            decoded = Map.of("unreadable", unreadable.getMessage());
        }
        return new Inspected(letter, decoded, Base64.getEncoder().encodeToString(payload));
    }

    @PostMapping("/dead-letters/{id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Replayed replay(@PathVariable long id, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        List<Long> replayed = operations.replayOne(id);
        audit.record("dead-letter.replay", "dead-letter:" + id, reason, "accepted", Map.of("replayed", replayed));
        return new Replayed(replayed);
    }

    @PostMapping("/dead-letters/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Replayed replayOrder(@RequestParam String order, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        List<Long> replayed = operations.replayOrder(order);
        audit.record("dead-letter.replay-order", "order:" + order, reason, "accepted", Map.of("replayed", replayed));
        return new Replayed(replayed);
    }

    /** Replays every parked record, or those of one error class ({@code error}); answers how many. */
    @PostMapping("/dead-letters/replay-all")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> replayAll(@RequestParam(required = false) String error,
            @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        int replayed = operations.replayMany(error);
        audit.record("dead-letter.replay-all", error == null ? "dead-letters" : "error:" + error, reason, "accepted",
                Map.of("replayed", replayed));
        return Map.of("replayed", replayed);
    }

    @PostMapping("/dead-letters/{id}/discard")
    Map<String, Object> discard(@PathVariable long id, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        operations.discard(id, reason);
        audit.record("dead-letter.discard", "dead-letter:" + id, reason, "discarded", Map.of());
        return Map.of("discarded", id);
    }
}
