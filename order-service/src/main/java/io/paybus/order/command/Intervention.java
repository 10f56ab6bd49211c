package io.paybus.order.command;

/** What an operator can do to an order by hand, each with a reason. */
public enum Intervention {
    /** The provider confirms a payment the order never heard of (evidence: its reference). */
    MARK_PAID,
    /** The payment failed as far as the operator knows (an order not paid yet). */
    MARK_FAILED,
    /** The order is given up (an order not paid yet). */
    CANCEL,
    /** A note in the order's history; the status stays. */
    NOTE,
    /** The provider was asked again and what it said applied (as snapshot facts, after this entry). */
    REQUERY
}
