package io.paybus.order.gateway;

import io.paybus.events.Money;

/**
 * A provider's live view of a payment (the gateway's third operation, next to create and refund),
 * in neutral terms.
 *
 * @param providerRef    the object asked for: Stripe PaymentIntent, PayPal order or capture
 * @param providerStatus the provider's own status word ({@code succeeded}, {@code COMPLETED}, …)
 * @param impliedStatus  the order status the provider's state implies, as our state machine names it
 *                       ({@code PAID}, {@code PARTIALLY_REFUNDED}, …)
 * @param amount         what the payment is for
 * @param received       what the provider captured; {@code null} when nothing yet
 * @param refundedMinor  what the provider refunded of it, in minor units; {@code -1} when it does not say
 * @param orderId        the order id the provider keeps with it (Stripe {@code metadata.order_id},
 *                       PayPal {@code custom_id}); {@code null} when none
 * @param capturedRef    what the provider captured, as its payment events and refunds name it (the
 *                       Stripe PaymentIntent, the PayPal capture); {@code null} while nothing is
 */
public record ProviderPayment(String provider, String providerRef, String providerStatus, String impliedStatus,
                              Money amount, Money received, long refundedMinor, String orderId, String capturedRef) {
}
