package io.paybus.events;

import java.util.Objects;

/**
 * A delayed payment method of a checkout succeeded: Stripe
 * {@code checkout.session.async_payment_succeeded}. The payment's own {@link PaymentSucceeded} confirms it.
 */
public record CheckoutAsyncPaymentSucceeded(String paymentRef, String checkoutRef) implements PaymentEvent {

    public CheckoutAsyncPaymentSucceeded {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(checkoutRef, "checkoutRef");
    }
}
