package io.paybus.billing.credits;

import io.paybus.billing.Problems;
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

    CreditsController(Credits credits) {
        this.credits = credits;
    }

    @PostMapping("/customers/{customerId}/credits/consume")
    ResponseEntity<Credits.Entry> consume(@PathVariable String customerId, @RequestBody(required = false) Request request) {
        validate(request);
        Credits.Entry entry = credits.consume(customerId, request.key(), request.amount());
        return ResponseEntity.ok().header("Idempotent-Replayed", Boolean.toString(entry.replayed())).body(entry);
    }

    @PostMapping("/customers/{customerId}/credits/grant")
    ResponseEntity<Credits.Entry> grant(@PathVariable String customerId, @RequestBody(required = false) Request request) {
        validate(request);
        Credits.Entry entry = credits.grant(customerId, request.key(), request.amount(),
                request.reason() == null ? "granted by an operator" : request.reason());
        return ResponseEntity.status(entry.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(entry);
    }

    @GetMapping("/customers/{customerId}/credits")
    Map<String, Object> balance(@PathVariable String customerId) {
        List<Map<String, Object>> ledger = credits.ledger(customerId, 50);
        return Map.of("customerId", customerId, "balance", credits.balance(customerId), "ledger", ledger);
    }

    static void validate(Request request) {
        if (request == null || request.key() == null || request.key().isBlank() || request.key().length() > 255) {
            throw Problems.of(HttpStatus.BAD_REQUEST, "invalid_request", "key (1-255 characters) is required");
        }
        if (request.amount() == null || request.amount() <= 0) {
            throw Problems.of(HttpStatus.BAD_REQUEST, "invalid_request", "amount must be a positive integer");
        }
    }
}
