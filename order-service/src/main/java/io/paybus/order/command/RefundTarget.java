package io.paybus.order.command;

import io.paybus.events.Money;

/**
 * What a reserved refund is to be asked of: the provider, the payment to refund (Stripe
 * PaymentIntent, PayPal capture) and the amount.
 */
public record RefundTarget(String requestId, String provider, String paymentRef, Money amount) {
}
