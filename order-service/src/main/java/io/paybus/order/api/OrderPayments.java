package io.paybus.order.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.events.Money;
import io.paybus.order.command.OrderAlreadyPlacedException;
import io.paybus.order.command.OrderCommand.PlaceOrder;
import io.paybus.order.command.OrderCommand.RecordRefundOutcome;
import io.paybus.order.command.OrderCommand.RequestRefund;
import io.paybus.order.command.OrderId;
import io.paybus.order.command.OrderNotRefundableException;
import io.paybus.order.command.OrderStatus;
import io.paybus.order.command.ProviderDelivery;
import io.paybus.order.command.RefundExceedsCaptureException;
import io.paybus.order.command.RefundTarget;
import io.paybus.order.gateway.CreatedPayment;
import io.paybus.order.gateway.CreatedRefund;
import io.paybus.order.gateway.GatewayProperties;
import io.paybus.order.gateway.PaymentProvider;
import io.paybus.order.gateway.PaymentProviders;
import io.paybus.order.gateway.PaymentRequest;
import io.paybus.order.gateway.ProviderFailure;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The unified gateway's operations: create an order with its provider payment, refund it.
 *
 * <p>Order of work, so that no failure leaves a half-made order: the provider payment is created
 * first; only when the provider answered is the order placed in the event store. A provider
 * failure leaves nothing behind here. A retry (same {@code Idempotency-Key}) reuses the order id,
 * hence the provider idempotency key, so the provider answers with the payment it already made.
 *
 * <p>Refunds are reserved in the order first (so concurrent refunds never exceed the capture),
 * then asked of the provider; a refusal releases the reservation.
 */
@Service
class OrderPayments {

    /** Body of {@code POST /orders}. */
    record CreateOrder(String orderId, String provider, Long amount, String currency, String description,
                       String reference, String returnUrl, String cancelUrl) {
    }

    /** Answer of {@code POST /orders}. */
    record OrderCreated(String orderId, String status, String provider, long amount, String currency,
                        String providerRef, String providerStatus, String clientSecret, String approvalUrl) {
    }

    /** Body of {@code POST /orders/{id}/refunds}; no amount refunds what is left. */
    record CreateRefund(Long amount, String reason) {
    }

    /** Answer of {@code POST /orders/{id}/refunds}: accepted; the provider's webhook confirms it. */
    record RefundAccepted(String orderId, String refundRequestId, String providerRefundId, String providerStatus,
                          long amount, String currency) {
    }

    private static final Logger log = LoggerFactory.getLogger(OrderPayments.class);

    private final PaymentProviders providers;
    private final CommandGateway commands;
    private final EventStore eventStore;
    private final IdempotencyStore idempotency;
    private final GatewayProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    OrderPayments(PaymentProviders providers, CommandGateway commands, EventStore eventStore,
            IdempotencyStore idempotency, GatewayProperties properties, MeterRegistry meters, Clock clock) {
        this.providers = providers;
        this.commands = commands;
        this.eventStore = eventStore;
        this.idempotency = idempotency;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** {@code POST /orders}; {@code request} is already validated. */
    Keyed createOrder(String idempotencyKey, CreateOrder request, PaymentProvider provider, Money amount) {
        String scope = "POST /orders";
        Keyed.Start start = Keyed.start(idempotency, idempotencyKey, scope, request, properties,
                () -> request.orderId() != null ? request.orderId() : newId("ord_"));
        if (start.replay() != null) {
            return start.replay();
        }
        String orderId = start.resourceId();
        if (!start.retry() && request.orderId() != null && eventStore.lastSequenceNumberFor(orderId).isPresent()) {
            return start.finish(Answer.problem(HttpStatus.CONFLICT, "order_exists",
                    "order " + orderId + " already exists", null, null), true);
        }
        try {
            CreatedPayment payment = provider.createPayment(new PaymentRequest(orderId, amount, request.description(),
                    request.returnUrl(), request.cancelUrl()), "paybus-order-" + orderId);
            commands.sendAndWait(new PlaceOrder(OrderId.of(orderId), ProviderDelivery.ourApi("place", clock.instant()),
                    provider.name(), payment.providerRef(), amount, request.reference()));
            count(provider, "create_payment", "ok");
            log.info("order {} placed: {} {} {} {}", orderId, provider.name(), payment.providerRef(), amount.minor(),
                    amount.currency());
            return start.finish(Answer.of(HttpStatus.CREATED, new OrderCreated(orderId,
                    OrderStatus.AWAITING_PAYMENT.name(), provider.name(), amount.minor(),
                    amount.currency().getCurrencyCode(), payment.providerRef(), payment.providerStatus(),
                    payment.clientSecret(), payment.approvalUrl()), "/orders/" + orderId), true);
        } catch (ProviderFailure failure) {
            count(provider, "create_payment", failure.kind().code());
            log.warn("order {}: {} did not create the payment: {} ({})", orderId, provider.name(),
                    failure.kind().code(), failure.getMessage());
            return start.finish(problem(failure), failure.kind().definitive());
        } catch (OrderAlreadyPlacedException e) {
            return start.finish(Answer.problem(HttpStatus.CONFLICT, "order_exists", e.getMessage(), null, null), true);
        } catch (RuntimeException e) {
            start.finish(null, false);
            throw e;
        }
    }

    /** {@code POST /orders/{id}/refunds}; {@code request} is already validated. */
    Keyed refund(String idempotencyKey, String orderId, CreateRefund request) {
        String scope = "POST /orders/" + orderId + "/refunds";
        Keyed.Start start = Keyed.start(idempotency, idempotencyKey, scope, request, properties,
                () -> newId("rfr_"));
        if (start.replay() != null) {
            return start.replay();
        }
        String requestId = start.resourceId();
        RefundTarget target;
        try {
            target = commands.sendAndWait(new RequestRefund(OrderId.of(orderId),
                    ProviderDelivery.ourApi("refund:" + requestId, clock.instant()), requestId, request.amount(),
                    request.reason()));
        } catch (AggregateNotFoundException e) {
            return start.finish(Answer.problem(HttpStatus.NOT_FOUND, "order_not_found", "no order " + orderId, null,
                    null), false);
        } catch (OrderNotRefundableException e) {
            return start.finish(Answer.problem(HttpStatus.CONFLICT, "order_not_refundable", e.getMessage(), null,
                    null), false);
        } catch (RefundExceedsCaptureException e) {
            return start.finish(Answer.problem(HttpStatus.UNPROCESSABLE_CONTENT, "refund_exceeds_capture",
                    e.getMessage(), null, null), false);
        } catch (RuntimeException e) {
            start.finish(null, false);
            throw e;
        }
        PaymentProvider provider = providers.find(target.provider()).orElse(null);
        if (provider == null) {
            outcome(orderId, requestId, null, null, "no gateway for provider " + target.provider());
            return start.finish(Answer.problem(HttpStatus.CONFLICT, "order_not_refundable", "order " + orderId
                    + " was paid with " + target.provider() + ", which this gateway cannot refund", null, null), true);
        }
        try {
            CreatedRefund refund = provider.refund(orderId, target, "paybus-refund-" + requestId);
            outcome(orderId, requestId, refund.providerRefundId(), refund.providerStatus(), null);
            count(provider, "refund", "ok");
            log.info("order {}: refund {} of {} {} accepted by {} as {} ({})", orderId, requestId,
                    target.amount().minor(), target.amount().currency(), provider.name(), refund.providerRefundId(),
                    refund.providerStatus());
            return start.finish(Answer.of(HttpStatus.ACCEPTED, new RefundAccepted(orderId, requestId,
                    refund.providerRefundId(), refund.providerStatus(), target.amount().minor(),
                    target.amount().currency().getCurrencyCode()), null), true);
        } catch (ProviderFailure failure) {
            count(provider, "refund", failure.kind().code());
            log.warn("order {}: {} did not refund {}: {} ({})", orderId, provider.name(), requestId,
                    failure.kind().code(), failure.getMessage());
            // Without a key the request cannot be retried as such: its reservation goes. With one, an
            // unsure outcome keeps it for the retry, which repeats the call under the same provider key.
            if (failure.kind().definitive() || idempotencyKey == null) {
                outcome(orderId, requestId, null, null, failure.kind().code() + ": " + failure.getMessage());
            }
            return start.finish(problem(failure), failure.kind().definitive());
        }
    }

    private void outcome(String orderId, String requestId, String refundId, String status, String failure) {
        commands.sendAndWait(new RecordRefundOutcome(OrderId.of(orderId),
                ProviderDelivery.ourApi("refund-outcome:" + requestId, clock.instant()), requestId, refundId, status,
                failure));
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

    private void count(PaymentProvider provider, String operation, String outcome) {
        meters.counter("paybus.gateway.calls", "provider", provider.name(), "operation", operation, "outcome", outcome)
                .increment();
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
