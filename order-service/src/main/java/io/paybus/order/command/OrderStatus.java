package io.paybus.order.command;

/**
 * Where an order stands. Derived from the facts an order has collected, never from the order in
 * which they arrived: providers do not order their deliveries, so a refund may arrive before the
 * payment it refunds, and the final status must be the same either way.
 */
public enum OrderStatus {
    AWAITING_PAYMENT,
    PAYMENT_FAILED,
    PAID,
    PARTIALLY_REFUNDED,
    REFUNDED;

    /**
     * The status of an order with these facts.
     *
     * @param confirmedMinor amount the provider confirmed as paid, or -1 when no payment is confirmed
     * @param failed         whether any payment attempt failed
     * @param refundedMinor  highest cumulative refund reported
     */
    static OrderStatus of(long confirmedMinor, boolean failed, long refundedMinor) {
        if (confirmedMinor >= 0) {
            if (refundedMinor <= 0) {
                return PAID;
            }
            return refundedMinor >= confirmedMinor ? REFUNDED : PARTIALLY_REFUNDED;
        }
        return failed ? PAYMENT_FAILED : AWAITING_PAYMENT;
    }
}
