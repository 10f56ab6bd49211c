package io.paybus.order.command;

/**
 * Where an order stands: one explicit state machine, derived from the facts an order has
 * collected, never from the order in which they arrived. Providers do not order their deliveries,
 * so a refund may arrive before the payment it refunds, and the final status must be the same
 * either way.
 *
 * <pre>
 *                    ┌──────────► PROCESSING ◄──┐
 *  AWAITING_PAYMENT ─┼──────────► REQUIRES_ACTION  (latest of these by provider time wins,
 *                    ├──────────► PAYMENT_FAILED    until a payment is confirmed)
 *                    └──────────► CANCELED
 *  placed order, payment of another amount, currency or intent ──► PAYMENT_MISMATCH (until a right one)
 *           confirmed ──► PAID ──► PARTIALLY_REFUNDED ──► REFUNDED
 *           any dispute ──► DISPUTED ──► DISPUTE_WON | DISPUTE_LOST  (a dispute outranks the rest)
 * </pre>
 *
 * An operator's intervention counts as the fact it stands for: a mark-paid (evidence the provider
 * confirmed) as a confirmation, a mark-failed or cancel as an attempt dated when it was made.
 */
public enum OrderStatus {
    AWAITING_PAYMENT,
    PROCESSING,
    REQUIRES_ACTION,
    PAYMENT_FAILED,
    CANCELED,
    /** A payment was confirmed that is not the one the order asked for; an operator decides. */
    PAYMENT_MISMATCH,
    PAID,
    PARTIALLY_REFUNDED,
    REFUNDED,
    DISPUTED,
    DISPUTE_WON,
    DISPUTE_LOST;

    /** The status of a confirmed (or not) payment with its refunds, before disputes. */
    static OrderStatus ofPayment(long confirmedMinor, long refundedMinor, OrderStatus attempt) {
        if (confirmedMinor >= 0) {
            if (refundedMinor <= 0) {
                return PAID;
            }
            return refundedMinor >= confirmedMinor ? REFUNDED : PARTIALLY_REFUNDED;
        }
        return attempt == null ? AWAITING_PAYMENT : attempt;
    }

    /**
     * A closed dispute's status by the provider's outcome (Stripe {@code won}/{@code lost}, PayPal
     * {@code resolved_seller_favour}/{@code resolved_buyer_favour}), or {@code null} when it ended
     * without one.
     */
    static OrderStatus ofDisputeOutcome(String outcome) {
        String o = outcome == null ? "" : outcome.toLowerCase(java.util.Locale.ROOT);
        if (o.contains("won") || o.contains("seller_favour")) {
            return DISPUTE_WON;
        }
        if (o.contains("lost") || o.contains("buyer_favour")) {
            return DISPUTE_LOST;
        }
        return null; // e.g. Stripe's warning_closed: an inquiry that never became a dispute
    }
}
