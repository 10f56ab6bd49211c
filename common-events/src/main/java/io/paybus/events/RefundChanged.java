package io.paybus.events;

import java.util.Objects;

/**
 * A refund was created or changed status: Stripe {@code refund.created}, {@code refund.updated}.
 * {@code amount} is this refund's; {@link PaymentRefunded} carries the charge's cumulative total.
 */
public record RefundChanged(String paymentRef, String refundRef, Money amount, String status) implements PaymentEvent {

    public RefundChanged {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(refundRef, "refundRef");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
    }
}
