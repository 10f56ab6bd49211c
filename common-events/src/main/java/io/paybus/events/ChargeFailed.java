package io.paybus.events;

import java.util.Objects;

/**
 * A charge attempt failed: Stripe {@code charge.failed}.
 */
public record ChargeFailed(String paymentRef, String chargeRef, String failureCode, String reason) implements PaymentEvent {

    public ChargeFailed {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(chargeRef, "chargeRef");
    }
}
