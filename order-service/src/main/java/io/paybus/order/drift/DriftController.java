package io.paybus.order.drift;

import io.paybus.order.OrderIds;
import io.paybus.order.payment.OrderPayments;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.drift.DriftLedger;
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
 * providers now, list what was found (both values of every differing field), repair an order's
 * drift through snapshot facts. Every verb needs a reason and is audited.
 */
@RestController
class DriftController {

    /**
     * Check one order ({@code order}) or a sample of {@code sample} orders (default 100, at most
     * 1,000), of a {@code status}, a {@code provider}, updated since {@code updatedSince} when given; why.
     */
    record CheckRequest(String order, Integer sample, String status, String provider, String updatedSince,
                        String reason) {
    }

    /** Repair one order's drift; why. */
    record RepairRequest(String order, String reason) {
    }


    private final DriftChecks checks;
    private final DriftLedger ledger;
    private final OrderPayments payments;
    private final AuditLog audit;

    DriftController(DriftChecks checks, DriftLedger ledger, OrderPayments payments, AuditLog audit) {
        this.checks = checks;
        this.ledger = ledger;
        this.payments = payments;
        this.audit = audit;
    }

    @PostMapping("/admin/drift/checks")
    DriftLedger.CheckView check(@RequestBody(required = false) CheckRequest request) {
        String reason = AuditLog.requireReason(request == null ? null : request.reason());
        String actor = Actor.current().toString();
        DriftLedger.Check check;
        if (request.order() != null) {
            OrderIds.requireValid(request.order());
            check = checks.order(request.order(), actor, reason);
        } else {
            check = checks.sample(DriftLedger.sampleSize(request.sample()), filter(request), actor, reason);
        }
        audit.record("drift.check", request.order() != null ? "order:" + request.order() : "sample", reason,
                check.drifted() + " of " + check.checked() + " differ", Map.of("check", check.id()));
        return ledger.view(check);
    }

    /**
     * Repairs an order's drift by ingesting its provider's live view as snapshot facts (never by
     * editing our state): 200 with what differed and what the order recorded; 404 no such order, 409
     * no provider payment, 502/503 the provider did not answer, 422 the order refused a fact.
     */
    @PostMapping("/admin/drift/repairs")
    DriftChecks.Repair repair(@RequestBody(required = false) RepairRequest request) {
        String reason = AuditLog.requireReason(request == null ? null : request.reason());
        if (request.order() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", "order is required",
                    Map.of("field", "order"));
        }
        OrderIds.requireValid(request.order());
        OrderPayments.QueryOutcome outcome = payments.query(request.order());
        if (outcome instanceof OrderPayments.NoSuchOrder) {
            throw ProblemException.of(HttpStatus.NOT_FOUND, "order_not_found", "no order " + request.order());
        }
        if (outcome instanceof OrderPayments.NothingToQuery nothing) {
            throw ProblemException.of(HttpStatus.CONFLICT, "no_provider_payment", nothing.detail());
        }
        if (outcome instanceof OrderPayments.ProviderFailed failed) {
            throw new ProblemException(failed.failure().kind().status(), failed.failure().kind().code(),
                    failed.failure().getMessage(), Map.of("provider", failed.failure().provider()));
        }
        DriftChecks.Repair repair = checks.repair((OrderPayments.Queried) outcome, Actor.current().toString());
        audit.record("drift.repair", "order:" + request.order(), reason, repair.refused() != null ? "refused"
                : repair.differences().isEmpty() ? "nothing to repair" : repair.factsRecorded() + " facts recorded",
                Map.of("sent", repair.factsSent(), "differences", repair.differences().size()));
        if (repair.refused() != null) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "repair_refused", repair.refused(),
                    Map.of("order", request.order()));
        }
        return repair;
    }

    private static DriftChecks.Filter filter(CheckRequest request) {
        java.time.Instant since = null;
        if (request.updatedSince() != null) {
            try {
                since = java.time.Instant.parse(request.updatedSince());
            } catch (java.time.format.DateTimeParseException e) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid",
                        "updatedSince is not an instant (2026-11-01T00:00:00Z)", Map.of("field", "updatedSince"));
            }
        }
        String status = request.status() == null ? null : request.status().toUpperCase(java.util.Locale.ROOT);
        String provider = request.provider() == null ? null : request.provider().toUpperCase(java.util.Locale.ROOT);
        return new DriftChecks.Filter(status, provider, since);
    }

    @GetMapping("/admin/drift/checks/{id}")
    DriftLedger.CheckView check(@PathVariable long id) {
        return ledger.view(id);
    }

    @GetMapping("/admin/drift")
    DriftLedger.Findings findings(@RequestParam(required = false) String order, @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "50") int limit) {
        return ledger.page(order, before, limit);
    }
}
