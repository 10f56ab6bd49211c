package io.paybus.order.inbound;

import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentEvent;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentSucceeded;
import io.paybus.order.command.OrderCommand;
import io.paybus.order.command.OrderId;
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
                envelope.occurredAt(), envelope.receivedAt());
        if (envelope.payload() instanceof PaymentSucceeded p) {
            return new OrderCommand.ConfirmPayment(order, delivery, p.paymentRef(), p.amount());
        } else if (envelope.payload() instanceof PaymentFailed p) {
            return new OrderCommand.RecordPaymentFailure(order, delivery, p.paymentRef(), p.failureCode(), p.reason());
        } else if (envelope.payload() instanceof PaymentRefunded p) {
            return new OrderCommand.RecordRefund(order, delivery, p.paymentRef(), p.refundedTotal());
        }
        return new OrderCommand.NoteProviderEvent(order, delivery, envelope.type(), payment.paymentRef());
    }
}
