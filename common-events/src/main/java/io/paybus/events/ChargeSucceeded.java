package io.paybus.events;

import java.util.Objects;

/**
 * A charge of the payment succeeded or was captured: Stripe {@code charge.succeeded},
 * {@code charge.captured}. Informational: only {@link PaymentSucceeded} confirms a payment.
 */
public record ChargeSucceeded(String paymentRef, String chargeRef, Money amount, boolean captured) implements PaymentEvent {

    public ChargeSucceeded {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(chargeRef, "chargeRef");
        Objects.requireNonNull(amount, "amount");
    }
}
