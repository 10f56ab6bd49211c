package io.paybus.notification;

import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.security.Actor;
import io.paybus.platform.web.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /suppressions} ({@code operator} scope, changes audited with their reason): the addresses
 * that get no renewal notices.
 */
@RestController
class SuppressionController {

    record Suppress(String email, String reason) {
    }

    record Page(List<Suppressions.Suppressed> suppressions) {
    }

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

    private final Suppressions suppressions;
    private final AuditLog audit;

    SuppressionController(Suppressions suppressions, AuditLog audit) {
        this.suppressions = suppressions;
        this.audit = audit;
    }

    @GetMapping("/suppressions")
    Page list(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "limit must be 1-500");
        }
        return new Page(suppressions.list(limit));
    }

    @PostMapping("/suppressions")
    Map<String, Object> add(@RequestBody(required = false) Suppress request) {
        String reason = AuditLog.requireReason(request == null ? null : request.reason());
        String email = valid(request.email());
        boolean added = suppressions.add(email, reason, Actor.current().toString());
        audit.record("suppression.add", "email:" + email, reason, added ? "added" : "already suppressed", Map.of());
        return Map.of("email", email, "added", added);
    }

    @DeleteMapping("/suppressions/{email}")
    Map<String, Object> remove(@PathVariable String email, @RequestParam(required = false) String reason) {
        String why = AuditLog.requireReason(reason);
        boolean removed = suppressions.remove(valid(email));
        if (!removed) {
            throw ProblemException.of(HttpStatus.NOT_FOUND, "not_suppressed", email + " is not suppressed");
        }
        audit.record("suppression.remove", "email:" + email, why, "removed", Map.of());
        return Map.of("email", email, "removed", true);
    }

    private static String valid(String email) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", "email must be an email address",
                    Map.of("field", "email"));
        }
        return email;
    }
}
