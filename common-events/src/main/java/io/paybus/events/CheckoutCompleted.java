package io.paybus.events;

import java.util.Objects;

/**
 * The customer finished checkout: Stripe {@code checkout.session.completed}, PayPal
 * {@code CHECKOUT.ORDER.COMPLETED}. Never a confirmation of payment by itself.
 *
 * @param paymentRef    the payment it created, or the checkout's id when there is none yet
 * @param paymentStatus the provider's payment status of the checkout ({@code paid}, {@code unpaid}, …)
 */
public record CheckoutCompleted(String paymentRef, String checkoutRef, Money amount, String paymentStatus) implements PaymentEvent {

    public CheckoutCompleted {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(checkoutRef, "checkoutRef");
    }
}
