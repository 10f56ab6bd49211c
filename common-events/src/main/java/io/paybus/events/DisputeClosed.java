package io.paybus.events;

import java.util.Objects;

/**
 * A dispute ended: Stripe {@code charge.dispute.closed}, PayPal {@code CUSTOMER.DISPUTE.RESOLVED}.
 * {@code outcome} is the provider's final status ({@code won}, {@code lost}, …).
 */
public record DisputeClosed(String paymentRef, String disputeRef, Money amount, String outcome) implements PaymentEvent {

    public DisputeClosed {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(disputeRef, "disputeRef");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(outcome, "outcome");
    }
}
