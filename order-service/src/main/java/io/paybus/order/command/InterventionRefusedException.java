package io.paybus.order.command;

/** An intervention the order's facts do not allow, e.g. marking a paid order failed. */
public class InterventionRefusedException extends RuntimeException {

    public InterventionRefusedException(OrderId orderId, Intervention action, String why) {
        super(action.name().toLowerCase(java.util.Locale.ROOT) + " of order " + orderId + " refused: " + why);
    }
}
