package io.paybus.events;

import java.util.Objects;

/**
 * An attempt to pay failed: Stripe {@code payment_intent.payment_failed}. The customer may retry.
 *
 * @param paymentRef  provider payment reference
 * @param failureCode provider's failure code, {@code null} when it gave none
 * @param reason      provider's human readable reason, {@code null} when it gave none
 */
public record PaymentFailed(String paymentRef, String failureCode, String reason) implements PaymentEvent {

    public PaymentFailed {
        Objects.requireNonNull(paymentRef, "paymentRef");
    }
}
