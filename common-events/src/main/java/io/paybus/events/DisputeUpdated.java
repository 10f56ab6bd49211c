package io.paybus.events;

import java.util.Objects;

/**
 * A dispute changed (evidence, status): Stripe {@code charge.dispute.updated}, PayPal
 * {@code CUSTOMER.DISPUTE.UPDATED}.
 */
public record DisputeUpdated(String paymentRef, String disputeRef, Money amount, String status) implements PaymentEvent {

    public DisputeUpdated {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(disputeRef, "disputeRef");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
    }
}
