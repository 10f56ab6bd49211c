package io.paybus.events;

import java.util.Objects;

/**
 * The customer must act (e.g. 3-D Secure) before the payment can proceed: Stripe
 * {@code payment_intent.requires_action}.
 */
public record PaymentActionRequired(String paymentRef, String action) implements PaymentEvent {

    public PaymentActionRequired {
        Objects.requireNonNull(paymentRef, "paymentRef");
    }
}
