package io.paybus.order.command;

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
}
