package io.paybus.billing.drift;

import io.paybus.billing.BillingIds;
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
 * {@code /admin/drift} of the billing service ({@code operator} scope): check one subscription or
 * a sample against Stripe now, list the findings (both values), repair one through a snapshot
 * fact. Every verb needs a reason and is audited; the same shape as the order service's.
 */
@RestController
class SubscriptionDriftController {

    /** Check one subscription ({@code subscription}) or a sample of {@code sample} (default 100, at most 1,000); why. */
    record CheckRequest(String subscription, Integer sample, String reason) {
    }

    record RepairRequest(String subscription, String reason) {
    }


    private final SubscriptionDrift drift;
    private final DriftLedger ledger;
    private final AuditLog audit;

    SubscriptionDriftController(SubscriptionDrift drift, DriftLedger ledger, AuditLog audit) {
        this.drift = drift;
        this.ledger = ledger;
        this.audit = audit;
    }

    @PostMapping("/admin/drift/checks")
    DriftLedger.CheckView check(@RequestBody(required = false) CheckRequest request) {
        String reason = AuditLog.requireReason(request == null ? null : request.reason());
        String actor = Actor.current().toString();
        DriftLedger.Check check;
        if (request.subscription() != null) {
            BillingIds.requireValid("subscription", request.subscription());
            check = drift.one(request.subscription(), actor, reason);
        } else {
            check = drift.sample(DriftLedger.sampleSize(request.sample()), actor, reason);
        }
        audit.record("drift.check", request.subscription() != null ? "subscription:" + request.subscription()
                : "sample", reason, check.drifted() + " of " + check.checked() + " differ", Map.of("check", check.id()));
        return ledger.view(check);
    }

    @GetMapping("/admin/drift/checks/{id}")
    DriftLedger.CheckView check(@PathVariable long id) {
        return ledger.view(id);
    }

    @GetMapping("/admin/drift")
    DriftLedger.Findings findings(@RequestParam(required = false) String subscription,
            @RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
        return ledger.page(subscription, before, limit);
    }

    /** Repairs a subscription's drift with Stripe's view as a snapshot fact: 404 unknown, 502 Stripe did not answer. */
    @PostMapping("/admin/drift/repairs")
    SubscriptionDrift.Repair repair(@RequestBody(required = false) RepairRequest request) {
        String reason = AuditLog.requireReason(request == null ? null : request.reason());
        if (request.subscription() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "field_invalid", "subscription is required",
                    Map.of("field", "subscription"));
        }
        BillingIds.requireValid("subscription", request.subscription());
        SubscriptionDrift.Repair repair;
        try {
            repair = drift.repair(request.subscription(), Actor.current().toString()).orElseThrow(() ->
                    ProblemException.of(HttpStatus.NOT_FOUND, "subscription_not_found",
                            "no subscription " + request.subscription()));
        } catch (IllegalStateException notCompared) {
            throw ProblemException.of(HttpStatus.BAD_GATEWAY, "provider_unavailable", notCompared.getMessage());
        }
        audit.record("drift.repair", "subscription:" + request.subscription(), reason,
                repair.differences().isEmpty() ? "nothing to repair" : "snapshot applied",
                Map.of("differences", repair.differences().size()));
        return repair;
    }
}
