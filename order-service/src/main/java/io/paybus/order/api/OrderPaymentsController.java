package io.paybus.order.api;

import io.paybus.events.Money;
import io.paybus.order.OrderIds;
import io.paybus.order.api.OrderPayments.CreateOrder;
import io.paybus.order.api.OrderPayments.CreateRefund;
import io.paybus.order.gateway.PaymentProvider;
import io.paybus.order.gateway.PaymentProviders;
import io.paybus.platform.audit.AuditLog;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The unified payment gateway's API: {@code POST /orders} (an order and its Stripe PaymentIntent
 * or PayPal order) and {@code POST /orders/{id}/refunds}. Both honour an {@code Idempotency-Key}
 * header. Answers are JSON; every error is problem+json with a stable {@code code}.
 */
@RestController
class OrderPaymentsController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Stripe's largest amount (8 digits); PayPal's is larger. */
    private static final long MAX_AMOUNT = 99_999_999L;

    private final OrderPayments payments;
    private final PaymentProviders providers;
    private final AuditLog audit;

    OrderPaymentsController(OrderPayments payments, PaymentProviders providers, AuditLog audit) {
        this.payments = payments;
        this.providers = providers;
        this.audit = audit;
    }


    @PostMapping("/orders")
    ResponseEntity<String> create(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestBody(required = false) CreateOrder request) {
        List<String> errors = new ArrayList<>();
        if (request == null) {
            return invalid(List.of("a JSON body is required"));
        }
        PaymentProvider provider = providers.find(request.provider()).orElse(null);
        if (provider == null) {
            errors.add("provider must be one of " + providers.names());
        }
        if (request.amount() == null || request.amount() <= 0 || request.amount() > MAX_AMOUNT) {
            errors.add("amount must be a positive integer of minor units, at most " + MAX_AMOUNT);
        }
        Currency currency = currency(request.currency());
        if (currency == null) {
            errors.add("currency must be an ISO 4217 code, e.g. EUR");
        }
        if (request.orderId() != null && !OrderIds.valid(request.orderId())) {
            errors.add("orderId must be 1-128 letters, digits or . _ : - and start with a letter or digit");
        }
        if (request.description() != null && request.description().length() > 1000) {
            errors.add("description must be at most 1000 characters");
        }
        if (request.reference() != null && request.reference().length() > 255) {
            errors.add("reference must be at most 255 characters");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        Keyed answer = payments.createOrder(key, request, provider, new Money(request.amount(), currency));
        audit.record("order.create", "provider:" + provider.name(), null, outcome(answer), Map.of("amount",
                request.amount(), "currency", currency.getCurrencyCode(), "answer", answer.answer().body()));
        return answer.answer().toResponse(answer.replayed());
    }

    @PostMapping("/orders/{orderId}/refunds")
    ResponseEntity<String> refund(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @PathVariable String orderId, @RequestBody(required = false) CreateRefund request) {
        OrderIds.requireValid(orderId);
        CreateRefund refund = request != null ? request : new CreateRefund(null, null);
        if (refund.amount() != null && (refund.amount() <= 0 || refund.amount() > MAX_AMOUNT)) {
            return invalid(List.of("amount must be a positive integer of minor units, or absent to refund the rest"));
        }
        if (refund.reason() != null && refund.reason().length() > 500) {
            return invalid(List.of("reason must be at most 500 characters"));
        }
        Keyed answer = payments.refund(key, orderId, refund);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("amount", refund.amount() == null ? "rest" : refund.amount());
        details.put("answer", answer.answer().body());
        audit.record("refund.request", "order:" + orderId, refund.reason(), outcome(answer), details);
        return answer.answer().toResponse(answer.replayed());
    }

    private static String outcome(Keyed answer) {
        return (answer.replayed() ? "replayed " : "") + answer.answer().status();
    }

    private static Currency currency(String code) {
        if (code == null || code.length() != 3) {
            return null;
        }
        try {
            return Currency.getInstance(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ResponseEntity<String> invalid(List<String> errors) {
        var extra = Answer.fields();
        errors.forEach(extra.putArray("errors")::add);
        return Answer.problem(HttpStatus.BAD_REQUEST, "invalid_request", String.join("; ", errors), null, extra)
                .toResponse(false);
    }
}
