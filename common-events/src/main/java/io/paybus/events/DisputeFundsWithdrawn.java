package io.paybus.events;

import java.util.Objects;

/**
 * The disputed amount was taken from the merchant: Stripe {@code charge.dispute.funds_withdrawn}.
 */
public record DisputeFundsWithdrawn(String paymentRef, String disputeRef, Money amount) implements PaymentEvent {

    public DisputeFundsWithdrawn {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(disputeRef, "disputeRef");
        Objects.requireNonNull(amount, "amount");
    }
}
