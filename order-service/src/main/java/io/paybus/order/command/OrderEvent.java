package io.paybus.order.command;

import io.paybus.events.Customer;
import io.paybus.events.Money;

/**
 * What happened to an order: the events of the {@link Order} aggregate, as stored in the event
 * store (its audit log). Each carries the delivery it came from and the status it left the order
 * in, so history reads without replaying rules.
 */
public sealed interface OrderEvent {

    OrderId orderId();

    ProviderDelivery delivery();

    OrderStatus status();

    record PaymentConfirmed(OrderId orderId, ProviderDelivery delivery, String paymentRef, Money amount,
                            OrderStatus status) implements OrderEvent {
    }

    record PaymentFailureRecorded(OrderId orderId, ProviderDelivery delivery, String paymentRef,
                                  String failureCode, String reason, OrderStatus status) implements OrderEvent {
    }

    record RefundRecorded(OrderId orderId, ProviderDelivery delivery, String paymentRef, Money refundedTotal,
                          OrderStatus status) implements OrderEvent {
    }

    /** A provider fact other than confirmation, failure or refund (see {@link PaymentFact}). */
    record PaymentFactRecorded(OrderId orderId, ProviderDelivery delivery, String paymentRef, PaymentFact fact,
                               OrderStatus status) implements OrderEvent {
    }

    /**
     * A provider confirmed a payment that is not the one a placed order asked for (another amount,
     * currency or payment): the order is not paid by it. Both values are kept for the operator.
     */
    record PaymentMismatched(OrderId orderId, ProviderDelivery delivery, String paymentRef, Money received,
                             Money expected, String expectedRef, String reason, OrderStatus status)
            implements OrderEvent {
    }

    /** The order was created here with its provider payment ({@code POST /orders}). */
    record OrderPlaced(OrderId orderId, ProviderDelivery delivery, String provider, String providerRef, Money amount,
                       String reference, OrderStatus status, Customer customer) implements OrderEvent {

        /** An order placed without a customer (and as events written before it existed read). */
        public OrderPlaced(OrderId orderId, ProviderDelivery delivery, String provider, String providerRef,
                Money amount, String reference, OrderStatus status) {
            this(orderId, delivery, provider, providerRef, amount, reference, status, null);
        }
    }

    /** A refund was reserved and is being asked of the provider. */
    record RefundRequested(OrderId orderId, ProviderDelivery delivery, String requestId, Money amount, String reason,
                           OrderStatus status) implements OrderEvent {
    }

    /** The provider accepted a refund request; its outcome arrives as a provider event. */
    record RefundSubmitted(OrderId orderId, ProviderDelivery delivery, String requestId, String providerRefundId,
                           String providerStatus, OrderStatus status) implements OrderEvent {
    }

    /** The provider refused a refund request: its reservation is released. */
    record RefundRequestFailed(OrderId orderId, ProviderDelivery delivery, String requestId, String failure,
                               OrderStatus status) implements OrderEvent {
    }

    /** A capture of the order's PayPal order was asked for, with this request id (PayPal's idempotency key). */
    record CaptureRequested(OrderId orderId, ProviderDelivery delivery, String requestId, String providerRef,
                            OrderStatus status) implements OrderEvent {
    }

    /** PayPal took the capture; its {@code PAYMENT.CAPTURE.COMPLETED} confirms the payment. */
    record CaptureSubmitted(OrderId orderId, ProviderDelivery delivery, String requestId, String captureId,
                            String captureStatus, OrderStatus status) implements OrderEvent {
    }

    /** PayPal declined or refused the capture: a failed payment attempt; a new approval may capture again. */
    record CaptureDeclined(OrderId orderId, ProviderDelivery delivery, String requestId, String failureCode,
                           String failure, OrderStatus status) implements OrderEvent {
    }

    /**
     * An operator intervened: who, why, what ({@code action}), and for a mark-paid the payment the
     * provider confirmed. It counts as the fact it stands for, at the moment it was made: mark paid
     * as a confirmation (a later refund or dispute still moves the order; an older failure never does),
     * mark failed and cancel as attempts dated now (a later provider fact outranks them), a note as
     * nothing. {@code provider}: the one the order pays with (for a mark-paid, the one that confirmed it).
     */
    record InterventionRecorded(OrderId orderId, ProviderDelivery delivery, Intervention action, String actor,
                                String reason, String paymentRef, Money amount, String provider, OrderStatus status)
            implements OrderEvent {
    }
}
