package io.paybus.platform.audit;

import io.paybus.platform.web.ProblemException;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/audit?actor=&action=&target=&since=&until=&limit=&cursor=}: the audit log,
 * newest first, a page at a time (the {@code operator} scope).
 */
@RestController
class AuditController {

    static final int MAX_PAGE = 200;

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    AuditLog.Page find(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String target, @RequestParam(required = false) Instant since,
            @RequestParam(required = false) Instant until, @RequestParam(defaultValue = "50") int limit,
            @RequestParam(required = false) String cursor) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "limit must be 1-" + MAX_PAGE);
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor);
            } catch (NumberFormatException e) {
                throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_cursor", "cursor is not one we gave");
            }
        }
        return audit.find(new AuditLog.Query(actor, action, target, since, until, before, limit));
    }
}
