package io.paybus.order.command;

/** An order id already belongs to an order placed with another provider payment. */
public class OrderAlreadyPlacedException extends RuntimeException {

    public OrderAlreadyPlacedException(OrderId orderId) {
        super("order " + orderId + " already exists");
    }
}
