package io.paybus.order.command;

/** A refund total larger than the amount captured: the provider and we disagree; an operator looks. */
public class RefundExceedsCaptureException extends RuntimeException {

    public RefundExceedsCaptureException(OrderId order, long refundedMinor, long capturedMinor) {
        super("order " + order + ": refunded " + refundedMinor + " would exceed the captured " + capturedMinor);
    }
}
