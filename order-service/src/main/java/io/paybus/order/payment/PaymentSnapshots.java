package io.paybus.order.payment;

import io.paybus.events.EventSource;
import io.paybus.events.Money;
import io.paybus.order.command.OrderCommand;
import io.paybus.order.command.OrderId;
import io.paybus.order.command.PaymentFact;
import io.paybus.order.command.ProviderDelivery;
import io.paybus.order.gateway.ProviderPayment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The provider's live view of a payment as the facts it implies, dated when it was read: the
 * commands a drift repair sends, the same the provider's events would have (a capture confirms, a
 * refund total refunds, a canceled or failed attempt is that attempt). Each is a snapshot delivery
 * ({@code snapshot:<provider ref>:<what>:<digest of the view>}): the order records only what it does
 * not know yet, so a repair never edits our state, it adds the facts we missed. A pure rule: no I/O.
 * Disputes are not in the gateway's view; an object backfill brings them.
 */
public final class PaymentSnapshots {

    private PaymentSnapshots() {
    }

    public static List<OrderCommand> commands(String orderId, ProviderPayment theirs, Instant readAt) {
        OrderId order = OrderId.of(orderId);
        String ref = theirs.capturedRef() != null ? theirs.capturedRef() : theirs.providerRef();
        List<OrderCommand> commands = new ArrayList<>();
        if (theirs.received() != null) {
            commands.add(new OrderCommand.ConfirmPayment(order, delivery(theirs, "payment", readAt), ref,
                    theirs.received()));
        }
        if (theirs.refundedMinor() > 0 && theirs.amount() != null) {
            commands.add(new OrderCommand.RecordRefund(order, delivery(theirs, "refunds", readAt), ref,
                    new Money(theirs.refundedMinor(), theirs.amount().currency())));
        }
        String implied = theirs.impliedStatus() == null ? "" : theirs.impliedStatus();
        ProviderDelivery attempt = delivery(theirs, "attempt", readAt);
        switch (implied) {
            case "PROCESSING" -> commands.add(new OrderCommand.RecordPaymentFact(order, attempt, ref,
                    new PaymentFact.Processing()));
            case "REQUIRES_ACTION" -> commands.add(new OrderCommand.RecordPaymentFact(order, attempt, ref,
                    new PaymentFact.ActionRequired(null)));
            case "CANCELED" -> commands.add(new OrderCommand.RecordPaymentFact(order, attempt, ref,
                    new PaymentFact.Canceled(theirs.providerStatus())));
            case "PAYMENT_FAILED" -> commands.add(new OrderCommand.RecordPaymentFailure(order, attempt, ref, null,
                    "the provider reports " + theirs.providerStatus()));
            default -> {
                // PAID and refunds: the commands above; AWAITING_PAYMENT tells nothing; disputes: not in this view.
            }
        }
        return commands;
    }

    /** The same view, the same deliveries. */
    private static ProviderDelivery delivery(ProviderPayment theirs, String what, Instant readAt) {
        return new ProviderDelivery(theirs.provider(), EventSource.snapshotId(theirs.providerRef(), what,
                theirs.toString()), readAt, readAt);
    }
}
