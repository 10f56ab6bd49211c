package io.paybus.events;

import java.util.Objects;

/**
 * The customer disputed the payment: Stripe {@code charge.dispute.created}, PayPal
 * {@code CUSTOMER.DISPUTE.CREATED}.
 */
public record DisputeOpened(String paymentRef, String disputeRef, Money amount, String reason) implements PaymentEvent {

    public DisputeOpened {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(disputeRef, "disputeRef");
        Objects.requireNonNull(amount, "amount");
    }
}
