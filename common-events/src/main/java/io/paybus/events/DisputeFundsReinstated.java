package io.paybus.events;

import java.util.Objects;

/**
 * The disputed amount came back to the merchant: Stripe {@code charge.dispute.funds_reinstated}.
 */
public record DisputeFundsReinstated(String paymentRef, String disputeRef, Money amount) implements PaymentEvent {

    public DisputeFundsReinstated {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(disputeRef, "disputeRef");
        Objects.requireNonNull(amount, "amount");
    }
}
