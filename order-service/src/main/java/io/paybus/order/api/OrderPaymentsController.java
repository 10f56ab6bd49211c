package io.paybus.order.api;

import io.paybus.events.Money;
import io.paybus.order.api.OrderPayments.CreateOrder;
import io.paybus.order.api.OrderPayments.CreateRefund;
import io.paybus.order.gateway.PaymentProvider;
import io.paybus.order.gateway.PaymentProviders;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
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
    /** Ids a merchant may choose: safe in URLs and in provider metadata. */
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    /** Stripe's largest amount (8 digits); PayPal's is larger. */
    private static final long MAX_AMOUNT = 99_999_999L;

    private final OrderPayments payments;
    private final PaymentProviders providers;

    OrderPaymentsController(OrderPayments payments, PaymentProviders providers) {
        this.payments = payments;
        this.providers = providers;
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
        if (request.orderId() != null && !ORDER_ID.matcher(request.orderId()).matches()) {
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
        return answer.answer().toResponse(answer.replayed());
    }

    @PostMapping("/orders/{orderId}/refunds")
    ResponseEntity<String> refund(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @PathVariable String orderId, @RequestBody(required = false) CreateRefund request) {
        CreateRefund refund = request != null ? request : new CreateRefund(null, null);
        if (refund.amount() != null && (refund.amount() <= 0 || refund.amount() > MAX_AMOUNT)) {
            return invalid(List.of("amount must be a positive integer of minor units, or absent to refund the rest"));
        }
        if (refund.reason() != null && refund.reason().length() > 500) {
            return invalid(List.of("reason must be at most 500 characters"));
        }
        Keyed answer = payments.refund(key, orderId, refund);
        return answer.answer().toResponse(answer.replayed());
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
