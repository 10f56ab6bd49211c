package io.paybus.events;

import java.util.Objects;

/**
 * The provider confirmed the payment: Stripe {@code payment_intent.succeeded}. The one event
 * that marks an order paid.
 *
 * @param paymentRef provider payment reference
 * @param amount     amount received
 */
public record PaymentSucceeded(String paymentRef, Money amount) implements PaymentEvent {

    public PaymentSucceeded {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(amount, "amount");
    }
}
