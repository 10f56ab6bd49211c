package io.paybus.events;

import java.util.Objects;

/**
 * Money went back to the customer: Stripe {@code charge.refunded}.
 *
 * <p>{@code refundedTotal} is cumulative, as the provider reports it, not the amount of this one
 * refund. That keeps a redelivered or late refund event harmless: applying the same total twice,
 * or an older total after a newer one, changes nothing.
 *
 * @param paymentRef    provider payment reference the refunded charge belongs to
 * @param chargeRef     provider charge reference, {@code null} when the provider has none
 * @param refundedTotal total refunded on the charge so far
 */
public record PaymentRefunded(String paymentRef, String chargeRef, Money refundedTotal) implements PaymentEvent {

    public PaymentRefunded {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(refundedTotal, "refundedTotal");
    }
}
