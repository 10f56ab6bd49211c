package io.paybus.billing.usage;

import io.paybus.billing.BillingIds;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.ProblemException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /customers/{id}/usage} (key, amount): metered usage, billed at the next renewal. */
@RestController
class UsageController {

    record Request(String key, Long amount) {
    }

    private final Usage usage;
    private final AuditLog audit;

    UsageController(Usage usage, AuditLog audit) {
        this.usage = usage;
        this.audit = audit;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponses({@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "recorded"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "this key was recorded before"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "this key was used for another request")})
    @PostMapping("/customers/{customerId}/usage")
    ResponseEntity<Map<String, Object>> record(@PathVariable String customerId,
            @RequestBody(required = false) Request request) {
        BillingIds.requireValid("customer", customerId);
        if (request == null || request.key() == null || request.key().isBlank() || request.key().length() > 255
                || request.amount() == null || request.amount() <= 0) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request",
                    "key (1-255 characters) and a positive amount are required");
        }
        if (request.amount() > Usage.MAX_QUANTITY) {
            throw ProblemException.of(HttpStatus.UNPROCESSABLE_CONTENT, "amount_out_of_range",
                    "amount must be at most " + Usage.MAX_QUANTITY + " a record");
        }
        boolean created = usage.record(customerId, request.key(), request.amount());
        audit.record("usage.record", "customer:" + customerId, null, created ? "recorded" : "replayed",
                Map.of("key", request.key(), "amount", request.amount()));
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(Map.of("customerId",
                customerId, "key", request.key(), "amount", request.amount(), "unbilled",
                usage.unreportedTotal(customerId)));
    }

    @GetMapping("/customers/{customerId}/usage")
    Map<String, Object> unbilled(@PathVariable String customerId) {
        BillingIds.requireValid("customer", customerId);
        return Map.of("customerId", customerId, "unbilled", usage.unreportedTotal(customerId));
    }
}
