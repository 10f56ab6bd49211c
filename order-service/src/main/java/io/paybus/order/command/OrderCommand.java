package io.paybus.order.command;

import io.paybus.events.Customer;
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

    /**
     * We created the order's payment at the provider ({@code POST /orders}). Sent only after the
     * provider answered, so an order never exists without its provider payment.
     *
     * @param providerRef the provider's payment: Stripe PaymentIntent id, PayPal order id
     * @param reference   the merchant's own reference, or {@code null}
     * @param customer    who the order is for, or {@code null}
     */
    record PlaceOrder(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, String provider,
                      String providerRef, Money amount, String reference, Customer customer) implements OrderCommand {

        public PlaceOrder(OrderId orderId, ProviderDelivery delivery, String provider, String providerRef, Money amount,
                String reference) {
            this(orderId, delivery, provider, providerRef, amount, reference, null);
        }
    }

    /**
     * Reserve a refund before asking the provider for it ({@code POST /orders/{id}/refunds}).
     *
     * @param amountMinor the amount to refund, or {@code null} for all that is left
     */
    record RequestRefund(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, String requestId,
                         Long amountMinor, String reason) implements OrderCommand {
    }

    /**
     * What the provider answered to a refund request. A {@code null} {@code providerRefundId} means
     * it refused: the reservation is released.
     */
    record RecordRefundOutcome(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery,
                               String requestId, String providerRefundId, String providerStatus,
                               String failure) implements OrderCommand {
    }

    /**
     * Capture the PayPal order the buyer approved ({@code approvedRef}: the PayPal order an approval
     * named; {@code null} when a merchant asks for it). Answers a {@link CaptureTarget}.
     */
    record RequestCapture(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, String approvedRef)
            implements OrderCommand {
    }

    /**
     * What PayPal answered to a capture: its capture id and status, or (no capture id) the decline
     * or refusal that ends this attempt.
     */
    record RecordCaptureOutcome(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery,
                                String requestId, String captureId, String captureStatus, String failureCode,
                                String failure) implements OrderCommand {
    }

    /** The provider reports a cumulative refund total. */
    record RecordRefund(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, String paymentRef,
                        Money refundedTotal) implements OrderCommand {
    }

    /**
     * An operator's intervention, with a mandatory reason ({@link Intervention}): mark paid (with
     * the payment the provider confirmed: {@code paymentRef}, {@code amount}), mark failed, cancel,
     * or a note. The delivery is our API's ({@code intervention:<id>}), dated when it was made.
     */
    record Intervene(@TargetAggregateIdentifier OrderId orderId, ProviderDelivery delivery, Intervention action,
                     String actor, String reason, String paymentRef, io.paybus.events.Money amount)
            implements OrderCommand {
    }
}
