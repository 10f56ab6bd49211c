package io.paybus.order.command;

/** A refund was asked of an order whose payment has not been confirmed. */
public class OrderNotRefundableException extends RuntimeException {

    public OrderNotRefundableException(OrderId orderId, OrderStatus status) {
        super("order " + orderId + " is " + status + ": only a confirmed payment can be refunded");
    }
}
