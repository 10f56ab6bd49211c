package io.paybus.order.command;

/** A capture was asked of an order that has no PayPal order of ours to capture. */
public class OrderNotCapturableException extends RuntimeException {

    public OrderNotCapturableException(OrderId orderId, String why) {
        super("order " + orderId + " cannot be captured: " + why);
    }
}
