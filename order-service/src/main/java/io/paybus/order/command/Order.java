package io.paybus.order.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.paybus.events.Money;
import io.paybus.order.command.OrderCommand.ConfirmPayment;
import io.paybus.order.command.OrderCommand.Intervene;
import io.paybus.order.command.OrderEvent.InterventionRecorded;
import io.paybus.order.command.OrderCommand.PlaceOrder;
import io.paybus.order.command.OrderCommand.RecordCaptureOutcome;
import io.paybus.order.command.OrderCommand.RequestCapture;
import io.paybus.order.command.OrderCommand.RecordRefundOutcome;
import io.paybus.order.command.OrderCommand.RequestRefund;
import io.paybus.order.command.OrderCommand.RecordPaymentFact;
import io.paybus.order.command.OrderCommand.RecordPaymentFailure;
import io.paybus.order.command.OrderCommand.RecordRefund;
import io.paybus.order.command.OrderEvent.CaptureDeclined;
import io.paybus.order.command.OrderEvent.CaptureRequested;
import io.paybus.order.command.OrderEvent.CaptureSubmitted;
import io.paybus.order.command.OrderEvent.OrderPlaced;
import io.paybus.order.command.OrderEvent.PaymentConfirmed;
import io.paybus.order.command.OrderEvent.PaymentFactRecorded;
import io.paybus.order.command.OrderEvent.PaymentFailureRecorded;
import io.paybus.order.command.OrderEvent.PaymentMismatched;
import io.paybus.order.command.OrderEvent.RefundRecorded;
import io.paybus.order.command.OrderEvent.RefundRequestFailed;
import io.paybus.order.command.OrderEvent.RefundRequested;
import io.paybus.order.command.OrderEvent.RefundSubmitted;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * One order, event-sourced. Command handlers decide; event-sourcing handlers only assign.
 *
 * <p>An order that a provider event names but that was never created here is adopted: the first
 * event creates it ({@link CreationPolicy} {@code CREATE_IF_MISSING}), so no provider event is
 * dropped for arriving before its order.
 *
 * <p>Redeliveries and out-of-order arrivals are harmless. A delivery already applied (same
 * provider event) is ignored without an event. Decisions are made on an immutable value of the
 * collected facts ({@link OrderFacts}: {@code facts().with…(fact).status()}), whose status never
 * depends on the previous status, so every arrival order of the same events ends in the same status;
 * event-sourcing handlers assign what the event brought.
 *
 * <p>A provider snapshot (a delivery whose {@link ProviderDelivery#snapshot()} is true: what a
 * provider object's listed state implies, dated when it was read) is applied like the webhook it
 * stands for, by the same rules, but only when it changes the facts: a snapshot older than what the
 * order knows leaves no event.
 *
 * <p>Snapshots serialize the fields (hence {@link JsonAutoDetect}): everything the decisions need,
 * the applied deliveries included, must be a field.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Order {

    @AggregateIdentifier
    private OrderId orderId;
    private final Set<String> appliedDeliveries = new HashSet<>();
    private Currency currency;
    private long confirmedMinor = -1;
    private long refundedMinor;
    private OrderFacts.Attempt attempt;
    private boolean disputed;
    private boolean disputeFundsReinstated;
    private boolean disputeClosed;
    private OrderStatus disputeOutcome;
    /** The provider the order pays with, from placement or its first provider event. */
    private String provider;
    /** The provider payment created at placement (PaymentIntent, PayPal order); null for adopted orders. */
    private String providerRef;
    /** What the provider confirmed (PaymentIntent, PayPal capture): what refunds refund. */
    private String paymentRef;
    /** What an order placed here asked for, in minor units; -1 for adopted orders. */
    private long orderedMinor = -1;
    /** A payment was confirmed that is not the one the order asked for. */
    private boolean mismatched;
    /** Refunds asked through our API and not refused, by request id, in minor units. */
    private final Map<String, Long> refundRequests = new HashMap<>();
    /** The capture asked of PayPal and not declined (its request id), and what PayPal captured. */
    private String captureRequest;
    private String captureId;
    private int captureAttempts;

    protected Order() {
        // for Axon: orders are created by their first command (CREATE_IF_MISSING)
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ConfirmPayment command) {
        if (alreadyApplied(command)) {
            return;
        }
        String mismatch = mismatchOf(command);
        if (command.delivery().snapshot() && knowsAlready(mismatch != null ? facts().withMismatch()
                : facts().withConfirmed(command.amount().currency(), command.amount().minor()))) {
            return;
        }
        if (mismatch != null) {
            apply(new PaymentMismatched(command.orderId(), command.delivery(), command.paymentRef(), command.amount(),
                    new Money(orderedMinor, currency), providerRef, mismatch, facts().withMismatch().status()));
            return;
        }
        checkCurrency(command.orderId(), command.amount());
        apply(new PaymentConfirmed(command.orderId(), command.delivery(), command.paymentRef(), command.amount(),
                facts().withConfirmed(command.amount().currency(), command.amount().minor()).status()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordPaymentFailure command) {
        if (alreadyApplied(command) || command.delivery().snapshot()
                && knowsAlready(facts().withAttempt(OrderStatus.PAYMENT_FAILED, command.delivery()))) {
            return;
        }
        apply(new PaymentFailureRecorded(command.orderId(), command.delivery(), command.paymentRef(),
                command.failureCode(), command.reason(),
                facts().withAttempt(OrderStatus.PAYMENT_FAILED, command.delivery()).status()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordRefund command) {
        if (alreadyApplied(command)) {
            return;
        }
        checkCurrency(command.orderId(), command.refundedTotal());
        long refunded = Math.max(refundedMinor, command.refundedTotal().minor());
        if (confirmedMinor >= 0 && refunded > confirmedMinor) {
            throw new RefundExceedsCaptureException(command.orderId(), refunded, confirmedMinor);
        }
        if (command.delivery().snapshot()
                && knowsAlready(facts().withRefundTotal(command.refundedTotal().currency(), refunded))) {
            return;
        }
        apply(new RefundRecorded(command.orderId(), command.delivery(), command.paymentRef(), command.refundedTotal(),
                facts().withRefundTotal(command.refundedTotal().currency(), refunded).status()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordPaymentFact command) {
        if (alreadyApplied(command) || command.delivery().snapshot()
                && knowsAlready(facts().withFact(command.fact(), command.delivery()))) {
            return;
        }
        apply(new PaymentFactRecorded(command.orderId(), command.delivery(), command.paymentRef(), command.fact(),
                facts().withFact(command.fact(), command.delivery()).status()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(PlaceOrder command) {
        if (providerRef != null) {
            if (providerRef.equals(command.providerRef())) {
                return; // the same placement again (a retried request)
            }
            throw new OrderAlreadyPlacedException(command.orderId());
        }
        checkCurrency(command.orderId(), command.amount());
        apply(new OrderPlaced(command.orderId(), command.delivery(), command.provider(), command.providerRef(),
                command.amount(), command.reference(), status(), command.customer()));
    }

    /**
     * Reserves a refund: refunds asked here and refunds the provider reported together never exceed
     * the confirmed amount. Asking again with the same request id reserves nothing new and answers
     * the same target.
     */
    @CommandHandler
    RefundTarget handle(RequestRefund command) {
        Long reserved = refundRequests.get(command.requestId());
        if (reserved != null) {
            return new RefundTarget(command.requestId(), provider, paymentRef, new Money(reserved, currency));
        }
        if (confirmedMinor < 0 || paymentRef == null) {
            throw new OrderNotRefundableException(command.orderId(), status());
        }
        long committed = Math.max(refundedMinor, refundRequests.values().stream().mapToLong(Long::longValue).sum());
        long amount = command.amountMinor() != null ? command.amountMinor() : confirmedMinor - committed;
        if (amount <= 0 || committed + amount > confirmedMinor) {
            throw new RefundExceedsCaptureException(command.orderId(), committed + Math.max(amount, 0),
                    confirmedMinor);
        }
        Money money = new Money(amount, currency);
        apply(new RefundRequested(command.orderId(), command.delivery(), command.requestId(), money,
                command.reason(), status()));
        return new RefundTarget(command.requestId(), provider, paymentRef, money);
    }

    /**
     * Starts (or answers the attempt in flight of) the capture of the order's PayPal order. Once a
     * capture was taken or the payment confirmed there is nothing to ask; a declined attempt lets a
     * new approval capture again with a new request id.
     */
    @CommandHandler
    CaptureTarget handle(RequestCapture command) {
        if (!"PAYPAL".equals(provider) || providerRef == null) {
            throw new OrderNotCapturableException(command.orderId(), "it has no PayPal order placed through the gateway");
        }
        if (command.approvedRef() != null && !providerRef.equals(command.approvedRef())) {
            throw new OrderNotCapturableException(command.orderId(), "the approval names " + command.approvedRef()
                    + ", not the order's " + providerRef);
        }
        if (confirmedMinor >= 0 || captureId != null) {
            return new CaptureTarget(providerRef, captureRequest, captureId != null ? captureId : paymentRef, true);
        }
        if (captureRequest == null) {
            apply(new CaptureRequested(command.orderId(), command.delivery(),
                    command.orderId().value() + "-" + (captureAttempts + 1), providerRef, status()));
        }
        return new CaptureTarget(providerRef, captureRequest, null, false);
    }

    /** Answers the order's status after the intervention. */
    @CommandHandler
    OrderStatus handle(Intervene command) {
        if (alreadyApplied(command)) {
            return status();
        }
        boolean paid = confirmedMinor >= 0;
        OrderFacts after = switch (command.action()) {
            case MARK_PAID -> {
                if (paid) {
                    throw new InterventionRefusedException(command.orderId(), command.action(),
                            "a payment is confirmed already (" + paymentRef + ")");
                }
                checkCurrency(command.orderId(), command.amount());
                yield facts().withConfirmed(command.amount().currency(), command.amount().minor());
            }
            case MARK_FAILED, CANCEL -> {
                if (paid) {
                    throw new InterventionRefusedException(command.orderId(), command.action(),
                            "it is paid: refund it instead");
                }
                yield facts().withAttempt(command.action() == Intervention.CANCEL ? OrderStatus.CANCELED
                        : OrderStatus.PAYMENT_FAILED, command.delivery());
            }
            case NOTE, REQUERY -> facts();
        };
        apply(new InterventionRecorded(command.orderId(), command.delivery(), command.action(), command.actor(),
                command.reason(), command.paymentRef(), command.amount(), provider, after.status()));
        return after.status();
    }

    @CommandHandler
    void handle(RecordCaptureOutcome command) {
        if (alreadyApplied(command) || captureId != null || !command.requestId().equals(captureRequest)) {
            return;
        }
        if (command.captureId() != null) {
            apply(new CaptureSubmitted(command.orderId(), command.delivery(), command.requestId(), command.captureId(),
                    command.captureStatus(), status()));
        } else {
            apply(new CaptureDeclined(command.orderId(), command.delivery(), command.requestId(),
                    command.failureCode(), command.failure(),
                    facts().withAttempt(OrderStatus.PAYMENT_FAILED, command.delivery()).status()));
        }
    }

    @CommandHandler
    void handle(RecordRefundOutcome command) {
        if (alreadyApplied(command) || !refundRequests.containsKey(command.requestId())) {
            return;
        }
        if (command.providerRefundId() != null) {
            apply(new RefundSubmitted(command.orderId(), command.delivery(), command.requestId(),
                    command.providerRefundId(), command.providerStatus(), status()));
        } else {
            apply(new RefundRequestFailed(command.orderId(), command.delivery(), command.requestId(),
                    command.failure(), status()));
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        remember(event);
        provider = event.provider();
        providerRef = event.providerRef();
        assign(facts().placed(event.amount().currency(), event.amount().minor()));
        if (paymentRef == null && "STRIPE".equals(provider)) {
            paymentRef = providerRef; // a Stripe refund names the PaymentIntent
        }
    }

    @EventSourcingHandler
    void on(RefundRequested event) {
        remember(event);
        refundRequests.put(event.requestId(), event.amount().minor());
    }

    @EventSourcingHandler
    void on(CaptureRequested event) {
        remember(event);
        captureRequest = event.requestId();
    }

    @EventSourcingHandler
    void on(CaptureSubmitted event) {
        remember(event);
        captureId = event.captureId();
    }

    @EventSourcingHandler
    void on(CaptureDeclined event) {
        remember(event);
        captureRequest = null;
        captureAttempts++;
        assign(facts().withAttempt(OrderStatus.PAYMENT_FAILED, event.delivery()));
    }

    @EventSourcingHandler
    void on(InterventionRecorded event) {
        remember(event);
        if (provider == null) {
            provider = event.provider();
        }
        switch (event.action()) {
            case MARK_PAID -> {
                paymentRef = event.paymentRef();
                assign(facts().withConfirmed(event.amount().currency(), event.amount().minor()));
            }
            case MARK_FAILED -> assign(facts().withAttempt(OrderStatus.PAYMENT_FAILED, event.delivery()));
            case CANCEL -> assign(facts().withAttempt(OrderStatus.CANCELED, event.delivery()));
            case NOTE, REQUERY -> {
                // history only
            }
        }
    }

    @EventSourcingHandler
    void on(RefundSubmitted event) {
        remember(event);
    }

    @EventSourcingHandler
    void on(RefundRequestFailed event) {
        remember(event);
        refundRequests.remove(event.requestId());
    }

    @EventSourcingHandler
    void on(PaymentConfirmed event) {
        remember(event);
        if (confirmedMinor < 0) {
            paymentRef = event.paymentRef();
        }
        assign(facts().withConfirmed(event.amount().currency(), event.amount().minor()));
    }

    @EventSourcingHandler
    void on(PaymentMismatched event) {
        remember(event);
        assign(facts().withMismatch());
    }

    @EventSourcingHandler
    void on(PaymentFailureRecorded event) {
        remember(event);
        assign(facts().withAttempt(OrderStatus.PAYMENT_FAILED, event.delivery()));
    }

    @EventSourcingHandler
    void on(RefundRecorded event) {
        remember(event);
        assign(facts().withRefundTotal(event.refundedTotal().currency(), event.refundedTotal().minor()));
    }

    @EventSourcingHandler
    void on(PaymentFactRecorded event) {
        remember(event);
        assign(facts().withFact(event.fact(), event.delivery()));
    }

    /** The status the collected facts give; what the last event recorded. */
    OrderStatus status() {
        return facts().status();
    }

    /**
     * Why a confirmation is not the payment a placed order asked for (the business checks before
     * "paid"), or {@code null}: the amount and currency must be the ordered ones and, for Stripe, the
     * PaymentIntent the gateway created. Adopted orders (never placed here) have nothing to compare
     * and are paid by what their provider confirms, as before. PayPal's capture events do not carry
     * the PayPal order id in our contract yet, so for PayPal only amount and currency are checked.
     */
    private String mismatchOf(ConfirmPayment command) {
        if (providerRef == null || orderedMinor < 0) {
            return null;
        }
        Money received = command.amount();
        if (currency != null && !currency.equals(received.currency())) {
            return "currency received " + received.currency() + ", ordered " + currency;
        }
        if (received.minor() != orderedMinor) {
            return "amount received " + received.minor() + " " + received.currency() + ", ordered " + orderedMinor
                    + " " + currency;
        }
        if ("STRIPE".equals(provider) && !providerRef.equals(command.paymentRef())) {
            return "payment " + command.paymentRef() + " is not the order's " + providerRef;
        }
        return null;
    }

    /** The facts, as an immutable value that decisions are made on. */
    private OrderFacts facts() {
        return new OrderFacts(currency, orderedMinor, confirmedMinor, refundedMinor, attempt, disputed,
                disputeFundsReinstated, disputeClosed, disputeOutcome, mismatched);
    }

    /** Event-sourcing handlers assign the facts an event brought (the fields are what snapshots keep). */
    private void assign(OrderFacts facts) {
        currency = facts.currency();
        orderedMinor = facts.orderedMinor();
        confirmedMinor = facts.confirmedMinor();
        refundedMinor = facts.refundedMinor();
        attempt = facts.attempt();
        disputed = facts.disputed();
        disputeFundsReinstated = facts.disputeFundsReinstated();
        disputeClosed = facts.disputeClosed();
        disputeOutcome = facts.disputeOutcome();
        mismatched = facts.mismatched();
    }

    /**
     * Whether facts after a snapshot tell nothing the order's facts do not: a snapshot is recorded
     * only when it does, so one older than what the order knows changes nothing and publishes nothing.
     */
    private boolean knowsAlready(OrderFacts after) {
        return facts().sameAs(after);
    }

    private boolean alreadyApplied(OrderCommand command) {
        return appliedDeliveries.contains(command.delivery().key());
    }

    private void checkCurrency(OrderId id, Money money) {
        if (currency != null && !currency.equals(money.currency())) {
            throw new CurrencyMismatchException(id, currency, money.currency());
        }
    }

    private void remember(OrderEvent event) {
        orderId = event.orderId();
        appliedDeliveries.add(event.delivery().key());
        if (provider == null && !event.delivery().fromOurApi()) {
            provider = event.delivery().provider();
        }
    }
}
