package io.paybus.order.command;

import io.paybus.events.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What the order service is asked to do to an order. Private to this service. */
public sealed interface OrderCommand {

    OrderId orderId();

    ProviderDelivery delivery();

    /** The provider confirmed the payment (the one fact that makes an order paid). */
    record ConfirmPayment(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, String paymentRef,
                          Money amount) implements OrderCommand {
    }

    /** An attempt to pay failed. */
    record RecordPaymentFailure(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery,
                                String paymentRef, String failureCode, String reason) implements OrderCommand {
    }

    /** Anything else a provider said about the payment: processing, action, cancelation, disputes, … */
    record RecordPaymentFact(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, String paymentRef,
                             PaymentFact fact) implements OrderCommand {
    }

    /** The provider reports a cumulative refund total. */
    record RecordRefund(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, String paymentRef,
                        Money refundedTotal) implements OrderCommand {
    }
}
