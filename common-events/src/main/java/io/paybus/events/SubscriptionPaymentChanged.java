package io.paybus.events;

import java.util.Objects;

/**
 * A payment of a subscription completed, was refunded or reversed: PayPal
 * {@code PAYMENT.SALE.COMPLETED}, {@code .REFUNDED}, {@code .REVERSED} of a billing agreement.
 */
public record SubscriptionPaymentChanged(String subscriptionRef, Change change, String paymentRef, Money amount)
        implements SubscriptionEvent {

    /** The kinds of subscription payment change. */
    public enum Change {
        COMPLETED, REFUNDED, REVERSED
    }

    public SubscriptionPaymentChanged {
        Objects.requireNonNull(subscriptionRef, "subscriptionRef");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(amount, "amount");
    }
}
