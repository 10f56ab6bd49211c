package io.paybus.order.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paybus.events.Customer;
import io.paybus.events.Money;
import io.paybus.order.OrderIds;
import io.paybus.order.command.OrderStatus;
import io.paybus.order.gateway.PaymentProvider;
import io.paybus.order.gateway.PaymentProviders;
import io.paybus.order.gateway.ProviderFailure;
import io.paybus.order.gateway.ProviderPayment;
import io.paybus.order.payment.OrderPayments;
import io.paybus.order.payment.PaymentComparison;
import io.paybus.order.query.OrderView;
import io.paybus.order.payment.OrderPayments.AlreadyExists;
import io.paybus.order.payment.OrderPayments.ExceedsCapture;
import io.paybus.order.payment.OrderPayments.NewOrder;
import io.paybus.order.payment.OrderPayments.NoGateway;
import io.paybus.order.payment.OrderPayments.NoSuchOrder;
import io.paybus.order.payment.OrderPayments.NotRefundable;
import io.paybus.order.payment.OrderPayments.Placed;
import io.paybus.order.payment.OrderPayments.Placement;
import io.paybus.order.payment.OrderPayments.ProviderFailed;
import io.paybus.order.payment.OrderPayments.RefundAccepted;
import io.paybus.order.payment.OrderPayments.RefundOutcome;
import io.paybus.platform.audit.AuditLog;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The unified payment gateway's API: {@code POST /orders} (an order and its Stripe PaymentIntent
 * or PayPal order) and {@code POST /orders/{id}/refunds}. Both honour an {@code Idempotency-Key}
 * header. Answers are JSON; every error is problem+json with a stable {@code code}. The outcomes
 * come from {@link OrderPayments} in domain terms; statuses and problem types are decided here.
 */
@RestController
class OrderPaymentsController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Stripe's largest amount (8 digits); PayPal's is larger. */
    private static final long MAX_AMOUNT = 99_999_999L;

    /** Body of {@code POST /orders}. */
    record CreateOrder(String orderId, String provider, Long amount, String currency, String description,
                       String reference, String returnUrl, String cancelUrl, Customer customer) {
    }

    /** Answer of {@code POST /orders}. */
    record OrderCreated(String orderId, String status, String provider, long amount, String currency,
                        String providerRef, String providerStatus, String clientSecret, String approvalUrl) {
    }

    /** Body of {@code POST /orders/{id}/refunds}; no amount refunds what is left. */
    record CreateRefund(Long amount, String reason) {
    }

    /** Answer of {@code POST /orders/{id}/refunds}: accepted; the provider's webhook confirms it. */
    record RefundView(String orderId, String refundRequestId, String providerRefundId, String providerStatus,
                      long amount, String currency) {
    }

    private final OrderPayments payments;
    private final PaymentProviders providers;
    private final IdempotentRequests requests;
    private final AuditLog audit;

    OrderPaymentsController(OrderPayments payments, PaymentProviders providers, IdempotentRequests requests,
            AuditLog audit) {
        this.payments = payments;
        this.providers = providers;
        this.requests = requests;
        this.audit = audit;
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponses({@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "the order, created at its provider"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "a repeated Idempotency-Key: the first answer"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "an order with this id exists"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "the provider refused the request"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "502", description = "the provider failed"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "503", description = "the provider asked us to slow down, or is not configured"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "504", description = "the provider did not answer in time")})
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
        errors.addAll(CustomerRules.problems(request.customer()));
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        Money money = new Money(request.amount(), currency);
        IdempotentRequests.Start start = requests.start(key, "POST /orders", request,
                () -> request.orderId() != null ? request.orderId() : OrderPayments.newOrderId());
        boolean replayed = start.replay() != null;
        Answer answer = requests.answer(start, () -> decided(payments.place(new NewOrder(start.resourceId(), provider,
                money, request.description(), request.reference(), request.returnUrl(), request.cancelUrl(),
                !start.retry() && request.orderId() != null, request.customer()))));
        audit.record("order.create", "provider:" + provider.name(), null, outcome(answer, replayed), Map.of("amount",
                request.amount(), "currency", currency.getCurrencyCode(), "answer", answer.body()));
        return answer.toResponse(replayed);
    }

    /**
     * {@code GET /orders/{id}/provider}: the provider's live view of the order's payment next to
     * ours, with the fields that differ named. Read only.
     */
    @GetMapping("/orders/{orderId}/provider")
    ResponseEntity<String> provider(@PathVariable String orderId) {
        OrderIds.requireValid(orderId);
        OrderPayments.QueryOutcome outcome = payments.query(orderId);
        if (outcome instanceof OrderPayments.Queried queried) {
            OrderView ours = queried.ours();
            return Answer.of(HttpStatus.OK, new ProviderView(orderId, new Ours(ours.status(), ours.provider(),
                    ours.paymentRef(), ours.amount(), ours.currency(), ours.refunded()), queried.theirs(),
                    queried.differences(), queried.checkedAt().toString()), null).toResponse(false);
        }
        if (outcome instanceof NoSuchOrder) {
            return Answer.problem(HttpStatus.NOT_FOUND, "order_not_found", "no order " + orderId, null, null)
                    .toResponse(false);
        }
        if (outcome instanceof OrderPayments.NothingToQuery nothing) {
            return Answer.problem(HttpStatus.CONFLICT, "no_provider_payment", nothing.detail(), null, null)
                    .toResponse(false);
        }
        return problem(((ProviderFailed) outcome).failure()).toResponse(false);
    }

    /** Answer of {@code GET /orders/{id}/provider}: ours, theirs, where they differ, when asked. */
    record ProviderView(String orderId, Ours ours, ProviderPayment provider,
                        List<PaymentComparison.Difference> differences, String checkedAt) {
    }

    /** Our side, as {@code GET /orders/{id}} shows it. */
    record Ours(String status, String provider, String paymentRef, Long amount, String currency, long refunded) {
    }

    @io.swagger.v3.oas.annotations.responses.ApiResponses({@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "the refund, asked of the provider"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "a repeated Idempotency-Key: the first answer"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "the order cannot be refunded"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "more than the capture, or the provider refused"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "502", description = "the provider failed"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "503", description = "the provider asked us to slow down"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "504", description = "the provider did not answer in time")})
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
        IdempotentRequests.Start start = requests.start(key, "POST /orders/" + orderId + "/refunds", refund,
                OrderPayments::newRefundRequestId);
        boolean replayed = start.replay() != null;
        Answer answer = requests.answer(start, () -> decided(orderId, payments.refund(orderId, start.resourceId(),
                refund.amount(), refund.reason(), key != null)));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("amount", refund.amount() == null ? "rest" : refund.amount());
        details.put("answer", answer.body());
        audit.record("refund.request", "order:" + orderId, refund.reason(), outcome(answer, replayed), details);
        return answer.toResponse(replayed);
    }

    /**
     * {@code POST /orders/{id}/capture}: captures the order's approved PayPal order, for merchants
     * who capture themselves ({@code paybus.order.gateway.paypal.capture: manual}; in automatic mode
     * it answers the capture already taken). Idempotent without a key: one capture per order.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponses({@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "PayPal's capture, now or earlier"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "nothing to capture"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "502", description = "the provider failed"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "504", description = "the provider did not answer in time")})
    @PostMapping("/orders/{orderId}/capture")
    ResponseEntity<String> capture(@PathVariable String orderId) {
        OrderIds.requireValid(orderId);
        OrderPayments.CaptureOutcome outcome = payments.capture(orderId, null);
        Answer answer;
        if (outcome instanceof OrderPayments.Captured captured) {
            answer = Answer.of(HttpStatus.ACCEPTED, new CaptureView(orderId, captured.captureId(),
                    captured.providerStatus(), captured.earlier()), null);
        } else if (outcome instanceof OrderPayments.CaptureNotFound) {
            answer = Answer.problem(HttpStatus.NOT_FOUND, "order_not_found", "no order " + orderId, null, null);
        } else if (outcome instanceof OrderPayments.NotCapturable not) {
            answer = Answer.problem(HttpStatus.CONFLICT, "order_not_capturable", not.detail(), null, null);
        } else if (outcome instanceof OrderPayments.CaptureFailed failed) {
            answer = problem(failed.failure());
        } else {
            answer = problem(((ProviderFailed) outcome).failure());
        }
        audit.record("order.capture", "order:" + orderId, null, outcome(answer, false), Map.of("answer",
                answer.body()));
        return answer.toResponse(false);
    }

    /**
     * {@code POST /orders/{id}/interventions} ({@code operator}): {@code {"action": "mark_paid" |
     * "mark_failed" | "cancel" | "note" | "requery", "reason": "…", "paymentRef": "…"}}; the reason is
     * mandatory, a mark-paid needs the provider's reference of the payment, which the provider must
     * confirm. Recorded in the order's history (who, when, why, what) and audited.
     */
    @io.swagger.v3.oas.annotations.responses.ApiResponses({@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "recorded: the order's status after it"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409", description = "the order's facts do not allow it"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422", description = "the provider does not confirm the evidence"), @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "502", description = "the provider failed")})
    @PostMapping("/orders/{orderId}/interventions")
    ResponseEntity<String> intervene(@PathVariable String orderId, @RequestBody(required = false) InterventionRequest body) {
        OrderIds.requireValid(orderId);
        InterventionRequest request = body != null ? body : new InterventionRequest(null, null, null);
        List<String> errors = new java.util.ArrayList<>();
        io.paybus.order.command.Intervention action = null;
        try {
            action = request.action() == null ? null
                    : io.paybus.order.command.Intervention.valueOf(request.action().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // named below
        }
        if (action == null) {
            errors.add("action must be one of mark_paid, mark_failed, cancel, note, requery");
        }
        if (request.reason() == null || request.reason().isBlank() || request.reason().length() > 500) {
            errors.add("reason is required (at most 500 characters): who asked, which ticket, why");
        }
        if (action == io.paybus.order.command.Intervention.MARK_PAID && (request.paymentRef() == null
                || !request.paymentRef().matches("[A-Za-z0-9_.:-]{1,128}"))) {
            errors.add("paymentRef is required to mark an order paid: the provider's reference of the payment");
        }
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        String actor = io.paybus.platform.security.Actor.current().toString();
        OrderPayments.InterventionOutcome outcome = payments.intervene(orderId, action, request.paymentRef(), actor,
                request.reason());
        Answer answer;
        if (outcome instanceof OrderPayments.Intervened done) {
            answer = Answer.of(HttpStatus.OK, new InterventionView(orderId, action.name().toLowerCase(Locale.ROOT),
                    done.status(), actor, done.repair()), null);
        } else if (outcome instanceof NoSuchOrder) {
            answer = Answer.problem(HttpStatus.NOT_FOUND, "order_not_found", "no order " + orderId, null, null);
        } else if (outcome instanceof OrderPayments.InterventionRefused refused) {
            answer = Answer.problem(HttpStatus.CONFLICT, "intervention_refused", refused.detail(), null, null);
        } else if (outcome instanceof OrderPayments.EvidenceDenied denied) {
            ObjectNode extra = Answer.fields();
            if (denied.theirs() != null) {
                extra.putPOJO("provider", denied.theirs());
            }
            answer = Answer.problem(HttpStatus.UNPROCESSABLE_CONTENT, "evidence_not_confirmed", denied.detail(), null,
                    extra);
        } else {
            answer = problem(((ProviderFailed) outcome).failure());
        }
        audit.record("order.intervention", "order:" + orderId, request.reason(), outcome(answer, false),
                Map.of("action", action.name().toLowerCase(Locale.ROOT), "answer", answer.body()));
        return answer.toResponse(false);
    }

    /** Body of {@code POST /orders/{id}/interventions}. */
    record InterventionRequest(String action, String reason, String paymentRef) {
    }

    /** Answer of an intervention: the order's status after it; a re-query's repair. */
    record InterventionView(String orderId, String action, String status, String actor,
                            OrderPayments.Repair repair) {
    }

    /** Answer of {@code POST /orders/{id}/capture}: PayPal's capture ({@code capturedBefore}: an earlier one). */
    record CaptureView(String orderId, String captureId, String providerStatus, boolean capturedBefore) {
    }

    private static IdempotentRequests.Decided decided(Placement placement) {
        if (placement instanceof Placed placed) {
            return new IdempotentRequests.Decided(Answer.of(HttpStatus.CREATED, new OrderCreated(placed.orderId(),
                    OrderStatus.AWAITING_PAYMENT.name(), placed.provider(), placed.amount().minor(),
                    placed.amount().currency().getCurrencyCode(), placed.payment().providerRef(),
                    placed.payment().providerStatus(), placed.payment().clientSecret(),
                    placed.payment().approvalUrl()), "/orders/" + placed.orderId()), true);
        }
        if (placement instanceof AlreadyExists exists) {
            return new IdempotentRequests.Decided(Answer.problem(HttpStatus.CONFLICT, "order_exists", exists.detail(),
                    null, null), true);
        }
        return failed(((ProviderFailed) placement).failure());
    }

    private static IdempotentRequests.Decided decided(String orderId, RefundOutcome outcome) {
        if (outcome instanceof RefundAccepted accepted) {
            return new IdempotentRequests.Decided(Answer.of(HttpStatus.ACCEPTED, new RefundView(orderId,
                    accepted.requestId(), accepted.refund().providerRefundId(), accepted.refund().providerStatus(),
                    accepted.amount().minor(), accepted.amount().currency().getCurrencyCode()), null), true);
        }
        // Refusals that a later request may not meet (the order is paid later, another refund is released).
        if (outcome instanceof NoSuchOrder) {
            return refused(HttpStatus.NOT_FOUND, "order_not_found", "no order " + orderId, false);
        }
        if (outcome instanceof NotRefundable refused) {
            return refused(HttpStatus.CONFLICT, "order_not_refundable", refused.detail(), false);
        }
        if (outcome instanceof ExceedsCapture exceeds) {
            return refused(HttpStatus.UNPROCESSABLE_CONTENT, "refund_exceeds_capture", exceeds.detail(), false);
        }
        if (outcome instanceof NoGateway unsupported) {
            return refused(HttpStatus.CONFLICT, "order_not_refundable", unsupported.detail(), true);
        }
        return failed(((ProviderFailed) outcome).failure());
    }

    private static IdempotentRequests.Decided refused(HttpStatus status, String code, String detail,
            boolean definitive) {
        return new IdempotentRequests.Decided(Answer.problem(status, code, detail, null, null), definitive);
    }

    private static IdempotentRequests.Decided failed(ProviderFailure failure) {
        return new IdempotentRequests.Decided(problem(failure), failure.kind().definitive());
    }

    private static String outcome(Answer answer, boolean replayed) {
        return (replayed ? "replayed " : "") + answer.status();
    }

    private static Answer problem(ProviderFailure failure) {
        ObjectNode extra = Answer.fields();
        extra.put("provider", failure.provider());
        if (failure.providerCode() != null) {
            extra.put("providerCode", failure.providerCode());
        }
        extra.put("retryable", !failure.kind().definitive());
        return Answer.problem(failure.kind().status(), failure.kind().code(), failure.getMessage(),
                failure.retryAfter(), extra);
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
