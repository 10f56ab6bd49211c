package io.paybus.order.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.paybus.events.Money;
import io.paybus.order.command.OrderCommand.ConfirmPayment;
import io.paybus.order.command.OrderCommand.NoteProviderEvent;
import io.paybus.order.command.OrderCommand.RecordPaymentFailure;
import io.paybus.order.command.OrderCommand.RecordRefund;
import io.paybus.order.command.OrderEvent.PaymentConfirmed;
import io.paybus.order.command.OrderEvent.PaymentFailureRecorded;
import io.paybus.order.command.OrderEvent.ProviderEventNoted;
import io.paybus.order.command.OrderEvent.RefundRecorded;
import java.util.Currency;
import java.util.HashSet;
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
 * <p>Two rules make redeliveries and out-of-order arrivals harmless. A delivery already applied
 * (same provider event) is ignored without an event. The status is computed from the collected
 * facts (confirmed amount, failures, highest refund total), never from the previous status, so
 * every arrival order of the same events ends in the same status.
 */
public class Order {

    @AggregateIdentifier
    private OrderId orderId;
    private final Set<String> appliedDeliveries = new HashSet<>();
    private Currency currency;
    private long confirmedMinor = -1;
    private boolean failed;
    private long refundedMinor;

    protected Order() {
        // for Axon: orders are created by their first command (CREATE_IF_MISSING)
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ConfirmPayment command) {
        if (alreadyApplied(command)) {
            return;
        }
        checkCurrency(command.orderId(), command.amount());
        long confirmed = confirmedMinor >= 0 ? confirmedMinor : command.amount().minor();
        apply(new PaymentConfirmed(command.orderId(), command.delivery(), command.paymentRef(), command.amount(),
                OrderStatus.of(confirmed, failed, refundedMinor)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordPaymentFailure command) {
        if (alreadyApplied(command)) {
            return;
        }
        apply(new PaymentFailureRecorded(command.orderId(), command.delivery(), command.paymentRef(),
                command.failureCode(), command.reason(), OrderStatus.of(confirmedMinor, true, refundedMinor)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordRefund command) {
        if (alreadyApplied(command)) {
            return;
        }
        checkCurrency(command.orderId(), command.refundedTotal());
        long refunded = Math.max(refundedMinor, command.refundedTotal().minor());
        apply(new RefundRecorded(command.orderId(), command.delivery(), command.paymentRef(), command.refundedTotal(),
                OrderStatus.of(confirmedMinor, failed, refunded)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(NoteProviderEvent command) {
        if (alreadyApplied(command)) {
            return;
        }
        apply(new ProviderEventNoted(command.orderId(), command.delivery(), command.eventType(), command.paymentRef(),
                status()));
    }

    @EventSourcingHandler
    void on(PaymentConfirmed event) {
        remember(event);
        currency = event.amount().currency();
        if (confirmedMinor < 0) {
            confirmedMinor = event.amount().minor();
        }
    }

    @EventSourcingHandler
    void on(PaymentFailureRecorded event) {
        remember(event);
        failed = true;
    }

    @EventSourcingHandler
    void on(ProviderEventNoted event) {
        remember(event);
    }

    @EventSourcingHandler
    void on(RefundRecorded event) {
        remember(event);
        currency = event.refundedTotal().currency();
        refundedMinor = Math.max(refundedMinor, event.refundedTotal().minor());
    }

    /** The status the collected facts give; what the last event recorded. */
    OrderStatus status() {
        return OrderStatus.of(confirmedMinor, failed, refundedMinor);
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
    }
}
