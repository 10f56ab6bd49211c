package io.paybus.events;

import java.util.Objects;

/**
 * A delayed payment method of a checkout failed: Stripe
 * {@code checkout.session.async_payment_failed}.
 */
public record CheckoutAsyncPaymentFailed(String paymentRef, String checkoutRef) implements PaymentEvent {

    public CheckoutAsyncPaymentFailed {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(checkoutRef, "checkoutRef");
    }
}
