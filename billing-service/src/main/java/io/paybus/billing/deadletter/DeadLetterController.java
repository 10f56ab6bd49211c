package io.paybus.billing.deadletter;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * {@code /dead-letters} of the billing service: the same shape as the order service's, so the same
 * command line serves both ({@code ./deploy/dead-letters.sh --url http://127.0.0.1:18083 list}).
 */
@RestController
class DeadLetterController {

    /** Body of a replay or a discard: why (required, audited). */
    record Reason(String reason) {
    }

    record Inspected(ScheduleDeadLetter deadLetter, String record) {
    }

    record Replayed(List<Long> replayed) {
    }

    private final DeadLetters deadLetters;
    private final AuditLog audit;

    DeadLetterController(DeadLetters deadLetters, AuditLog audit) {
        this.deadLetters = deadLetters;
        this.audit = audit;
    }

    @GetMapping("/dead-letters")
    List<ScheduleDeadLetter> list(@RequestParam(required = false) String order,
            @RequestParam(required = false) String subscription, @RequestParam(required = false) String error,
            @RequestParam(required = false) String status, @RequestParam(required = false) Instant olderThan,
            @RequestParam(defaultValue = "100") int limit) {
        return deadLetters.list(subscription != null ? subscription : order, error, status, olderThan,
                Math.min(Math.max(limit, 1), 1000));
    }

    @GetMapping("/dead-letters/{id}")
    Inspected inspect(@PathVariable long id) {
        ScheduleDeadLetter letter = deadLetters.find(id).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND,
                "dead_letter_not_found", "no dead letter " + id));
        return new Inspected(letter, new String(deadLetters.payload(id).orElse(new byte[0]), StandardCharsets.UTF_8));
    }

    @PostMapping("/dead-letters/{id}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Replayed replay(@PathVariable long id, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        deadLetters.replay(id);
        audit.record("dead-letter.replay", "dead-letter:" + id, reason, "accepted", Map.of());
        return new Replayed(List.of(id));
    }

    /** Replays every parked record of a subscription ({@code order} is accepted for the shared CLI). */
    @PostMapping("/dead-letters/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Replayed replaySubscription(@RequestParam(required = false) String subscription,
            @RequestParam(required = false) String order, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        String key = subscription != null ? subscription : order;
        if (key == null) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "subscription_required", "name the subscription");
        }
        List<Long> ids = deadLetters.list(key, null, "PARKED", null, 1000).stream().map(ScheduleDeadLetter::id)
                .toList();
        ids.forEach(deadLetters::replay);
        audit.record("dead-letter.replay-order", "subscription:" + key, reason, "accepted", Map.of("replayed", ids));
        return new Replayed(ids);
    }

    /** Replays every parked record, or those of one error class ({@code error}); answers which. */
    @PostMapping("/dead-letters/replay-all")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> replayAll(@RequestParam(required = false) String error,
            @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        List<Long> replayed = deadLetters.replayAll(error);
        audit.record("dead-letter.replay-all", error == null ? "dead-letters" : "error:" + error, reason, "accepted",
                Map.of("replayed", replayed));
        return Map.of("replayed", replayed.size());
    }

    @PostMapping("/dead-letters/{id}/discard")
    Map<String, Object> discard(@PathVariable long id, @RequestBody(required = false) Reason body) {
        String reason = AuditLog.requireReason(body == null ? null : body.reason());
        deadLetters.discard(id, reason);
        audit.record("dead-letter.discard", "dead-letter:" + id, reason, "discarded", Map.of());
        return Map.of("discarded", id);
    }
}
