package io.paybus.order.drift;

import io.paybus.order.OrderIds;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.security.Actor;
import io.paybus.platform.web.ProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/drift} ({@code operator} scope): check one order or a sample against their
 * providers now, and list what was found (both values of every differing field).
 */
@RestController
class DriftController {

    /** Check one order ({@code order}) or a sample of {@code sample} orders (default 100, at most 1,000); why. */
    record CheckRequest(String order, Integer sample, String reason) {
    }

    record CheckView(DriftChecks.Check check, double driftRate, List<DriftChecks.Finding> findings) {
    }

    record Findings(List<DriftChecks.Finding> findings, Long nextBefore) {
    }

    private static final int MAX_SAMPLE = 1_000;
    private static final int MAX_PAGE = 200;

    private final DriftChecks checks;
    private final AuditLog audit;

    DriftController(DriftChecks checks, AuditLog audit) {
        this.checks = checks;
        this.audit = audit;
    }

    @PostMapping("/admin/drift/checks")
    CheckView check(@RequestBody(required = false) CheckRequest request) {
        String reason = AuditLog.requireReason(request == null ? null : request.reason());
        String actor = Actor.current().toString();
        DriftChecks.Check check;
        if (request.order() != null) {
            OrderIds.requireValid(request.order());
            check = checks.order(request.order(), actor, reason);
        } else {
            int size = request.sample() == null ? 100 : request.sample();
            if (size < 1 || size > MAX_SAMPLE) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", "sample must be 1-" + MAX_SAMPLE,
                        Map.of("field", "sample"));
            }
            check = checks.sample(size, actor, reason);
        }
        audit.record("drift.check", request.order() != null ? "order:" + request.order() : "sample", reason,
                check.drifted() + " of " + check.checked() + " differ", Map.of("check", check.id()));
        return new CheckView(check, check.driftRate(), checks.findings(null, check.id(), null, MAX_PAGE));
    }

    @GetMapping("/admin/drift/checks/{id}")
    CheckView check(@PathVariable long id) {
        DriftChecks.Check check = checks.find(id).orElseThrow(() -> ProblemException.of(HttpStatus.NOT_FOUND,
                "check_not_found", "no drift check " + id));
        return new CheckView(check, check.driftRate(), checks.findings(null, id, null, MAX_PAGE));
    }

    @GetMapping("/admin/drift")
    Findings findings(@RequestParam(required = false) String order, @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "limit must be 1-" + MAX_PAGE);
        }
        List<DriftChecks.Finding> page = checks.findings(order, null, before, limit);
        return new Findings(page, page.size() == limit ? page.get(page.size() - 1).id() : null);
    }
}
