package io.paybus.events;

import java.util.Objects;

/**
 * The provider is processing the payment (delayed methods), or holds it for review: Stripe
 * {@code payment_intent.processing}, PayPal {@code PAYMENT.CAPTURE.PENDING}. Never a confirmation.
 */
public record PaymentProcessing(String paymentRef, Money amount) implements PaymentEvent {

    public PaymentProcessing {
        Objects.requireNonNull(paymentRef, "paymentRef");
    }
}
