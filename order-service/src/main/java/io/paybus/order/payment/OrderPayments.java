package io.paybus.order.payment;

import io.paybus.order.gateway.ProviderPayment;
import io.paybus.order.query.OrderSummaryRepository;
import io.paybus.order.query.OrderView;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.paybus.events.Money;
import io.paybus.order.command.OrderAlreadyPlacedException;
import io.paybus.order.command.CaptureTarget;
import io.paybus.order.command.OrderCommand.PlaceOrder;
import io.paybus.order.command.OrderCommand.RecordCaptureOutcome;
import io.paybus.order.command.OrderCommand.RequestCapture;
import io.paybus.order.command.OrderNotCapturableException;
import io.paybus.order.command.OrderCommand.RecordRefundOutcome;
import io.paybus.order.command.OrderCommand.RequestRefund;
import io.paybus.order.command.OrderCommand;
import io.paybus.order.command.OrderId;
import io.paybus.order.command.OrderNotRefundableException;
import io.paybus.order.command.ProviderDelivery;
import io.paybus.order.command.RefundExceedsCaptureException;
import io.paybus.order.command.RefundTarget;
import io.paybus.order.gateway.CapturedPayment;
import io.paybus.order.gateway.CreatedPayment;
import io.paybus.order.gateway.CreatedRefund;
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
import org.springframework.stereotype.Service;

/**
 * The unified gateway's operations: create an order with its provider payment, refund it. Returns
 * what happened in domain terms; the web layer turns that into statuses and problems.
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
public class OrderPayments {

    /** An order to place, its id already chosen (a retry reuses it). */
    public record NewOrder(String orderId, PaymentProvider provider, Money amount, String description,
                           String reference, String returnUrl, String cancelUrl, boolean mustBeNew,
                           io.paybus.events.Customer customer) {
    }

    /** What became of an order to place. */
    public sealed interface Placement {
    }

    public record Placed(String orderId, String provider, Money amount, CreatedPayment payment) implements Placement {
    }

    public record AlreadyExists(String orderId, String detail) implements Placement {
    }

    /** The provider did not do it; {@code failure} says how and whether a retry may help. */
    public record ProviderFailed(ProviderFailure failure) implements Placement, RefundOutcome, QueryOutcome,
            InterventionOutcome, CaptureOutcome {
    }

    /** What became of a refund request. */
    public sealed interface RefundOutcome {
    }

    public record RefundAccepted(String orderId, String requestId, CreatedRefund refund, Money amount)
            implements RefundOutcome {
    }

    public record NoSuchOrder(String orderId) implements RefundOutcome, QueryOutcome, InterventionOutcome {
    }

    /** No order of this id to capture. */
    public record CaptureNotFound(String orderId) implements CaptureOutcome {
    }

    /** What the provider's live view of an order's payment is, next to ours. */
    public sealed interface QueryOutcome {
    }

    /** Ours (the read model), theirs (the provider, now), and where they differ. */
    public record Queried(OrderView ours, ProviderPayment theirs, List<PaymentComparison.Difference> differences,
                          Instant checkedAt) implements QueryOutcome {
    }

    /** The order has no provider payment to ask about (or a provider this gateway does not call). */
    public record NothingToQuery(String detail) implements QueryOutcome {
    }

    public record NotRefundable(String detail) implements RefundOutcome {
    }

    public record ExceedsCapture(String detail) implements RefundOutcome {
    }

    /** The order was paid through a provider this gateway cannot refund with: asking again changes nothing. */
    public record NoGateway(String detail) implements RefundOutcome {
    }

    private static final Logger log = LoggerFactory.getLogger(OrderPayments.class);

    private final PaymentProviders providers;
    private final OrderSummaryRepository orders;
    private final CommandGateway commands;
    private final EventStore eventStore;
    private final MeterRegistry meters;
    private final Clock clock;

    OrderPayments(PaymentProviders providers, CommandGateway commands, EventStore eventStore, MeterRegistry meters,
            Clock clock, OrderSummaryRepository orders) {
        this.orders = orders;
        this.providers = providers;
        this.commands = commands;
        this.eventStore = eventStore;
        this.meters = meters;
        this.clock = clock;
    }

    public static String newOrderId() {
        return newId("ord_");
    }

    public static String newRefundRequestId() {
        return newId("rfr_");
    }

    /** Creates the provider payment, then places the order. */
    public Placement place(NewOrder order) {
        String orderId = order.orderId();
        PaymentProvider provider = order.provider();
        if (order.mustBeNew() && eventStore.lastSequenceNumberFor(orderId).isPresent()) {
            return new AlreadyExists(orderId, "order " + orderId + " already exists");
        }
        try {
            CreatedPayment payment = provider.createPayment(new PaymentRequest(orderId, order.amount(),
                    order.description(), order.returnUrl(), order.cancelUrl()), "paybus-order-" + orderId);
            commands.sendAndWait(new PlaceOrder(OrderId.of(orderId), ProviderDelivery.ourApi("place", clock.instant()),
                    provider.name(), payment.providerRef(), order.amount(), order.reference(), order.customer()));
            count(provider, "create_payment", "ok");
            log.info("order {} placed: {} {} {} {}", orderId, provider.name(), payment.providerRef(),
                    order.amount().minor(), order.amount().currency());
            return new Placed(orderId, provider.name(), order.amount(), payment);
        } catch (ProviderFailure failure) {
            count(provider, "create_payment", failure.kind().code());
            log.warn("order {}: {} did not create the payment: {} ({})", orderId, provider.name(),
                    failure.kind().code(), failure.getMessage());
            return new ProviderFailed(failure);
        } catch (OrderAlreadyPlacedException e) {
            return new AlreadyExists(orderId, e.getMessage());
        }
    }

    /**
     * Asks the order's provider for its live view of the payment (the gateway's third operation)
     * and names where it differs from ours. Changes nothing: a difference is repaired by ingesting
     * the provider's state as a fact, never by editing ours.
     */
    public QueryOutcome query(String orderId) {
        OrderView ours = orders.find(orderId).orElse(null);
        if (ours == null) {
            return new NoSuchOrder(orderId);
        }
        PaymentProvider provider = providers.find(ours.provider()).orElse(null);
        if (ours.paymentRef() == null || provider == null) {
            return new NothingToQuery("order " + orderId + " has no payment of a provider this gateway can ask"
                    + (ours.provider() == null ? "" : " (" + ours.provider() + ")"));
        }
        try {
            ProviderPayment theirs = provider.query(ours.paymentRef());
            count(provider, "query_payment", "ok");
            return new Queried(ours, theirs, PaymentComparison.compare(ours, theirs), clock.instant());
        } catch (ProviderFailure failure) {
            count(provider, "query_payment", failure.kind().code());
            return new ProviderFailed(failure);
        }
    }

    /** What became of a capture. */
    public sealed interface CaptureOutcome {
    }

    /** PayPal took it (now, or before: {@code earlier}). */
    public record Captured(String orderId, String captureId, String providerStatus, boolean earlier)
            implements CaptureOutcome {
    }

    /** The order has no PayPal order of ours to capture (or the approval was of another). */
    public record NotCapturable(String detail) implements CaptureOutcome {
    }

    /** PayPal declined it: recorded as a failed payment; a new approval may capture again. */
    public record CaptureFailed(ProviderFailure failure) implements CaptureOutcome {
    }

    /**
     * Captures the order's approved PayPal order: reserves the attempt in the order (one at a time,
     * so approvals arriving again capture nothing twice), asks PayPal with the attempt's
     * {@code PayPal-Request-Id}, records what it answered. A decline (or a refusal) is a failed
     * payment; no answer (5xx, timeout) leaves the attempt open for a retry with the same request id.
     * {@code approvedRef}: the PayPal order an approval named, {@code null} when a merchant asks.
     */
    public CaptureOutcome capture(String orderId, String approvedRef) {
        if (eventStore.lastSequenceNumberFor(orderId).isEmpty()) {
            return new CaptureNotFound(orderId);
        }
        CaptureTarget target;
        try {
            target = commands.sendAndWait(new RequestCapture(OrderId.of(orderId),
                    ProviderDelivery.ourApi("capture", clock.instant()), approvedRef));
        } catch (OrderNotCapturableException e) {
            return new NotCapturable(e.getMessage());
        }
        if (target.done()) {
            return new Captured(orderId, target.captureId(), null, true);
        }
        PaymentProvider paypal = providers.find("PAYPAL").orElse(null);
        if (paypal == null) {
            return new NotCapturable("PayPal is not configured here");
        }
        ProviderDelivery outcome = ProviderDelivery.ourApi("capture:" + target.requestId(), clock.instant());
        try {
            CapturedPayment captured = paypal.capture(target.providerRef(), "paybus-capture-" + target.requestId());
            commands.sendAndWait(new RecordCaptureOutcome(OrderId.of(orderId), outcome, target.requestId(),
                    captured.captureId(), captured.providerStatus(), null, null));
            count(paypal, "capture_payment", "ok");
            log.info("order {}: PayPal order {} captured: {} {}", orderId, target.providerRef(), captured.captureId(),
                    captured.providerStatus());
            return new Captured(orderId, captured.captureId(), captured.providerStatus(), false);
        } catch (ProviderFailure failure) {
            count(paypal, "capture_payment", failure.kind().code());
            if (!failure.kind().definitive()) {
                log.warn("order {}: PayPal did not answer the capture ({}); it is tried again", orderId,
                        failure.getMessage());
                return new ProviderFailed(failure);
            }
            commands.sendAndWait(new RecordCaptureOutcome(OrderId.of(orderId), outcome, target.requestId(), null,
                    null, failure.providerCode() != null ? failure.providerCode() : failure.kind().code(),
                    failure.getMessage()));
            log.warn("order {}: PayPal refused the capture: {} ({})", orderId, failure.providerCode(),
                    failure.getMessage());
            return new CaptureFailed(failure);
        }
    }

    /** What became of an operator's intervention. */
    public sealed interface InterventionOutcome {
    }

    /**
     * Recorded: the order's status after it (as the order decided it; the read model follows), and
     * for a re-query the repair it led to instead (its facts decide the status).
     */
    public record Intervened(String orderId, io.paybus.order.command.Intervention action, String status,
                             Repair repair) implements InterventionOutcome {
    }

    /** The order's facts do not allow it (e.g. marking a paid order failed). */
    public record InterventionRefused(String detail) implements InterventionOutcome {
    }

    /** A mark-paid whose evidence the provider does not confirm: its view, and why it is not this order's payment. */
    public record EvidenceDenied(String detail, ProviderPayment theirs) implements InterventionOutcome {
    }

    /**
     * An operator's intervention, recorded with who and why ({@link io.paybus.order.command.Intervention}).
     * A mark-paid needs evidence the provider confirms, asked through the gateway: the payment
     * {@code evidenceRef} must be captured, be this order's (the order id the provider keeps with it)
     * and, for a placed order, for its amount. A re-query asks the provider for the order's payment
     * and applies what it says as snapshot facts (the drift repair), after a history entry that says
     * who asked and why.
     */
    public InterventionOutcome intervene(String orderId, io.paybus.order.command.Intervention action,
            String evidenceRef, String actor, String reason) {
        OrderView ours = orders.find(orderId).orElse(null);
        if (ours == null) {
            return new NoSuchOrder(orderId);
        }
        String paymentRef = null;
        Money amount = null;
        if (action == io.paybus.order.command.Intervention.MARK_PAID) {
            PaymentProvider provider = providers.find(ours.provider()).orElse(null);
            if (provider == null) {
                return new InterventionRefused("order " + orderId + " pays with " + ours.provider()
                        + ", which this gateway cannot ask to confirm a payment");
            }
            ProviderPayment theirs;
            try {
                theirs = provider.query(evidenceRef);
                count(provider, "query_payment", "ok");
            } catch (ProviderFailure failure) {
                count(provider, "query_payment", failure.kind().code());
                return failure.kind() == ProviderFailure.Kind.REJECTED
                        ? new EvidenceDenied(ours.provider() + " refused to show " + evidenceRef + ": "
                                + failure.getMessage(), null)
                        : new ProviderFailed(failure);
            }
            String denied = deniedEvidence(ours, theirs);
            if (denied != null) {
                return new EvidenceDenied(denied, theirs);
            }
            paymentRef = theirs.capturedRef() != null ? theirs.capturedRef() : evidenceRef;
            amount = theirs.received();
        }
        Object status;
        try {
            status = commands.sendAndWait(new OrderCommand.Intervene(OrderId.of(orderId), ProviderDelivery.ourApi(
                    "intervention:" + java.util.UUID.randomUUID(), clock.instant()), action, actor, reason, paymentRef,
                    amount));
        } catch (io.paybus.order.command.InterventionRefusedException
                | io.paybus.order.command.CurrencyMismatchException e) {
            return new InterventionRefused(e.getMessage());
        }
        Repair repair = null;
        if (action == io.paybus.order.command.Intervention.REQUERY) {
            QueryOutcome queried = query(orderId);
            if (!(queried instanceof Queried q)) {
                return queried instanceof ProviderFailed failed ? failed
                        : new InterventionRefused(((NothingToQuery) queried).detail());
            }
            repair = repair(q);
        }
        return new Intervened(orderId, action, repair == null ? String.valueOf(status) : null, repair);
    }

    /** Why the provider's view does not prove this order paid, or {@code null} when it does. */
    private static String deniedEvidence(OrderView ours, ProviderPayment theirs) {
        if (theirs.received() == null || !"PAID".equals(theirs.impliedStatus())) {
            return ours.provider() + " says " + theirs.providerRef() + " is " + theirs.providerStatus()
                    + ", not a payment it took";
        }
        if (!ours.orderId().equals(theirs.orderId())) {
            return ours.provider() + " keeps " + theirs.providerRef() + " for "
                    + (theirs.orderId() == null ? "no order" : "order " + theirs.orderId()) + ", not " + ours.orderId();
        }
        if (ours.amount() != null && (theirs.received().minor() != ours.amount()
                || !theirs.received().currency().getCurrencyCode().equals(ours.currency()))) {
            return ours.provider() + " took " + theirs.received().minor() + " " + theirs.received().currency()
                    + ", the order is for " + ours.amount() + " " + ours.currency();
        }
        return null;
    }

    /** What a drift repair did: the snapshot facts it sent, how many the order recorded, why it refused one. */
    public record Repair(List<String> sent, int recorded, String refused) {
    }

    /**
     * Repairs a drift by ingesting the provider's view as snapshot facts ({@link PaymentSnapshots}),
     * the commands its lost events would have sent; never by editing our state. The order records
     * only the facts it did not know (the rest change nothing), so a repair done twice adds nothing.
     */
    public Repair repair(Queried queried) {
        String orderId = queried.ours().orderId();
        long before = eventStore.lastSequenceNumberFor(orderId).orElse(-1L);
        List<String> sent = new java.util.ArrayList<>();
        String refused = null;
        for (OrderCommand command : PaymentSnapshots.commands(orderId, queried.theirs(), queried.checkedAt())) {
            try {
                commands.sendAndWait(command);
                sent.add(command.getClass().getSimpleName());
            } catch (RuntimeException e) {
                // e.g. a refund total above what we confirmed, a currency that is not the order's
                refused = command.getClass().getSimpleName() + ": " + e.getMessage();
                log.warn("order {}: drift repair refused {}", orderId, refused);
                break;
            }
        }
        long after = eventStore.lastSequenceNumberFor(orderId).orElse(-1L);
        return new Repair(sent, (int) (after - before), refused);
    }

    /**
     * Reserves the refund in the order, asks the provider, records the outcome. {@code retryable}:
     * the request can be repeated as such (it has an idempotency key), so an unsure provider answer
     * keeps the reservation for the retry, which repeats the call under the same provider key.
     */
    public RefundOutcome refund(String orderId, String requestId, Long amountMinor, String reason, boolean retryable) {
        RefundTarget target;
        try {
            target = commands.sendAndWait(new RequestRefund(OrderId.of(orderId),
                    ProviderDelivery.ourApi("refund:" + requestId, clock.instant()), requestId, amountMinor, reason));
        } catch (AggregateNotFoundException e) {
            return new NoSuchOrder(orderId);
        } catch (OrderNotRefundableException e) {
            return new NotRefundable(e.getMessage());
        } catch (RefundExceedsCaptureException e) {
            return new ExceedsCapture(e.getMessage());
        }
        PaymentProvider provider = providers.find(target.provider()).orElse(null);
        if (provider == null) {
            outcome(orderId, requestId, null, null, "no gateway for provider " + target.provider());
            return new NoGateway("order " + orderId + " was paid with " + target.provider()
                    + ", which this gateway cannot refund");
        }
        try {
            CreatedRefund refund = provider.refund(orderId, target, "paybus-refund-" + requestId);
            outcome(orderId, requestId, refund.providerRefundId(), refund.providerStatus(), null);
            count(provider, "refund", "ok");
            log.info("order {}: refund {} of {} {} accepted by {} as {} ({})", orderId, requestId,
                    target.amount().minor(), target.amount().currency(), provider.name(), refund.providerRefundId(),
                    refund.providerStatus());
            return new RefundAccepted(orderId, requestId, refund, target.amount());
        } catch (ProviderFailure failure) {
            count(provider, "refund", failure.kind().code());
            log.warn("order {}: {} did not refund {}: {} ({})", orderId, provider.name(), requestId,
                    failure.kind().code(), failure.getMessage());
            if (failure.kind().definitive() || !retryable) {
                outcome(orderId, requestId, null, null, failure.kind().code() + ": " + failure.getMessage());
            }
            return new ProviderFailed(failure);
        }
    }

    private void outcome(String orderId, String requestId, String refundId, String status, String failure) {
        commands.sendAndWait(new RecordRefundOutcome(OrderId.of(orderId),
                ProviderDelivery.ourApi("refund-outcome:" + requestId, clock.instant()), requestId, refundId, status,
                failure));
    }

    private void count(PaymentProvider provider, String operation, String outcome) {
        meters.counter("paybus.gateway.calls", "provider", provider.name(), "operation", operation, "outcome", outcome)
                .increment();
    }

    private static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
