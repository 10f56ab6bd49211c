package io.paybus.events;

import java.util.Objects;

/**
 * The buyer approved the checkout; nothing is captured yet: PayPal {@code CHECKOUT.ORDER.APPROVED}.
 */
public record CheckoutApproved(String paymentRef, String checkoutRef, Money amount) implements PaymentEvent {

    public CheckoutApproved {
        Objects.requireNonNull(paymentRef, "paymentRef");
        Objects.requireNonNull(checkoutRef, "checkoutRef");
    }
}
