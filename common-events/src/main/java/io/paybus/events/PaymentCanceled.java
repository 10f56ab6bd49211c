package io.paybus.events;

import java.util.Objects;

/**
 * The payment was canceled before it completed: Stripe {@code payment_intent.canceled}.
 */
public record PaymentCanceled(String paymentRef, String reason) implements PaymentEvent {

    public PaymentCanceled {
        Objects.requireNonNull(paymentRef, "paymentRef");
    }
}
