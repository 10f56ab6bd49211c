package io.paybus.events;

import java.util.Objects;

/**
 * Money of a completed payment went back by the provider's decision (not a refund we made):
 * PayPal {@code PAYMENT.CAPTURE.REVERSED}, {@code PAYMENT.SALE.REVERSED}.
 */
public record PaymentReversed(String paymentRef, Money amount, String reason) implements PaymentEvent {

    public PaymentReversed {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(amount, "amount");
    }
}
