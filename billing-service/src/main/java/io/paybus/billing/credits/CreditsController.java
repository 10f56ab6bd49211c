package io.paybus.billing.credits;

import io.paybus.billing.BillingIds;
import io.paybus.platform.audit.AuditLog;
import io.paybus.platform.web.ProblemException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /customers/{id}/credits/consume} (key, amount): never below zero, idempotent by key.
 * {@code POST /customers/{id}/credits/grant} (key, amount, reason) for operators;
 * {@code GET /customers/{id}/credits}: balance and latest entries.
 */
@RestController
class CreditsController {

    record Request(String key, Long amount, String reason) {
    }

    private final Credits credits;
    private final AuditLog audit;

    CreditsController(Credits credits, AuditLog audit) {
        this.credits = credits;
        this.audit = audit;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponses({@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "consumed"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "this key was consumed before: the first answer"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "not enough credits"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "this key was used for another request")})
    @PostMapping("/customers/{customerId}/credits/consume")
    ResponseEntity<Credits.Entry> consume(@PathVariable String customerId, @RequestBody(required = false) Request request) {
        validate(customerId, request);
        Credits.Entry entry = credits.consume(customerId, request.key(), request.amount());
        audit.record("credits.consume", "customer:" + customerId, request.reason(),
                entry.replayed() ? "replayed" : "consumed", Map.of("key", request.key(), "amount", request.amount(),
                        "balance", entry.balance()));
        return ResponseEntity.ok().header("Idempotent-Replayed", Boolean.toString(entry.replayed())).body(entry);
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponses({@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "granted"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "this key was granted before: the first answer"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "this key was used for another request")})
    @PostMapping("/customers/{customerId}/credits/grant")
    ResponseEntity<Credits.Entry> grant(@PathVariable String customerId, @RequestBody(required = false) Request request) {
        validate(customerId, request);
        String reason = request.reason() == null ? "granted by an operator" : request.reason();
        Credits.Entry entry = credits.grant(customerId, request.key(), request.amount(), reason);
        audit.record("credits.grant", "customer:" + customerId, reason, entry.replayed() ? "replayed" : "granted",
                Map.of("key", request.key(), "amount", request.amount(), "balance", entry.balance()));
        return ResponseEntity.status(entry.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(entry);
    }

    @GetMapping("/customers/{customerId}/credits")
    Map<String, Object> balance(@PathVariable String customerId) {
        BillingIds.requireValid("customer", customerId);
        List<Map<String, Object>> ledger = credits.ledger(customerId, 50);
        return Map.of("customerId", customerId, "balance", credits.balance(customerId), "ledger", ledger);
    }

    static void validate(String customerId, Request request) {
        BillingIds.requireValid("customer", customerId);
        if (request == null || request.key() == null || request.key().isBlank() || request.key().length() > 255) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "key (1-255 characters) is required");
        }
        if (request.amount() == null || request.amount() <= 0) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "amount must be a positive integer");
        }
        if (request.amount() > Credits.MAX_AMOUNT) {
            throw ProblemException.of(HttpStatus.UNPROCESSABLE_CONTENT, "amount_out_of_range",
                    "amount must be at most " + Credits.MAX_AMOUNT + " credits a request");
        }
        if (request.reason() != null && request.reason().length() > 500) {
            throw ProblemException.of(HttpStatus.BAD_REQUEST, "invalid_request", "reason must be at most 500 characters");
        }
    }
}
