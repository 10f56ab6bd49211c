package io.paybus.order.inbound;

import io.paybus.events.DisputeClosed;
import io.paybus.events.DisputeFundsReinstated;
import io.paybus.events.DisputeFundsWithdrawn;
import io.paybus.events.DisputeOpened;
import io.paybus.events.DisputeUpdated;
import io.paybus.events.PaymentActionRequired;
import io.paybus.events.PaymentCanceled;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentEvent;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentProcessing;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentReversed;
import io.paybus.events.PaymentSucceeded;
import io.paybus.order.command.OrderCommand;
import io.paybus.order.command.OrderId;
import io.paybus.order.command.PaymentFact;
import io.paybus.order.command.ProviderDelivery;
import java.util.Optional;

/**
 * The one command a normalized provider event asks of its order; none for subscription events,
 * which are the billing service's.
 */
final class InboundCommands {

    private InboundCommands() {
    }

    static Optional<OrderCommand> from(PaymentEnvelope envelope) {
        if (!(envelope.payload() instanceof PaymentEvent payment)) {
            return Optional.empty();
        }
        return Optional.of(from(envelope, payment));
    }

    private static OrderCommand from(PaymentEnvelope envelope, PaymentEvent payment) {
        OrderId order = OrderId.of(envelope.orderId());
        ProviderDelivery delivery = new ProviderDelivery(envelope.provider().name(), envelope.providerEventId(),
                envelope.occurredAt(), envelope.receivedAt(), envelope.buyer());
        if (envelope.payload() instanceof PaymentSucceeded p) {
            return new OrderCommand.ConfirmPayment(order, delivery, p.paymentRef(), p.amount());
        } else if (envelope.payload() instanceof PaymentFailed p) {
            return new OrderCommand.RecordPaymentFailure(order, delivery, p.paymentRef(), p.failureCode(), p.reason());
        } else if (envelope.payload() instanceof PaymentRefunded p) {
            return new OrderCommand.RecordRefund(order, delivery, p.paymentRef(), p.refundedTotal());
        }
        return new OrderCommand.RecordPaymentFact(order, delivery, payment.paymentRef(), factOf(envelope.type(), payment));
    }

    private static PaymentFact factOf(String type, PaymentEvent payment) {
        if (payment instanceof PaymentProcessing) {
            return new PaymentFact.Processing();
        } else if (payment instanceof PaymentActionRequired p) {
            return new PaymentFact.ActionRequired(p.action());
        } else if (payment instanceof PaymentCanceled p) {
            return new PaymentFact.Canceled(p.reason());
        } else if (payment instanceof DisputeOpened p) {
            return new PaymentFact.Dispute(p.disputeRef(), PaymentFact.DisputeStage.OPENED, null);
        } else if (payment instanceof DisputeUpdated p) {
            return new PaymentFact.Dispute(p.disputeRef(), PaymentFact.DisputeStage.UPDATED, null);
        } else if (payment instanceof DisputeFundsWithdrawn p) {
            return new PaymentFact.Dispute(p.disputeRef(), PaymentFact.DisputeStage.FUNDS_WITHDRAWN, null);
        } else if (payment instanceof DisputeFundsReinstated p) {
            return new PaymentFact.Dispute(p.disputeRef(), PaymentFact.DisputeStage.FUNDS_REINSTATED, null);
        } else if (payment instanceof DisputeClosed p) {
            return new PaymentFact.Dispute(p.disputeRef(), PaymentFact.DisputeStage.CLOSED, p.outcome());
        } else if (payment instanceof PaymentReversed p) {
            // PayPal reverses a capture when the buyer wins a chargeback or dispute: the money is gone.
            return new PaymentFact.Dispute(p.paymentRef(), PaymentFact.DisputeStage.CLOSED, "lost");
        }
        // charge.*, refund.changed, checkout.*: history only (only payment.succeeded confirms).
        return new PaymentFact.Informational(type);
    }
}
