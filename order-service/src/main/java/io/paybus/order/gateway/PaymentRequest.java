package io.paybus.order.gateway;

import io.paybus.events.Money;

/**
 * A payment to create at a provider for an order.
 *
 * @param description shown to the payer where the provider shows one; may be {@code null}
 * @param returnUrl   PayPal: where the payer returns after approving; may be {@code null}
 * @param cancelUrl   PayPal: where the payer returns after canceling; may be {@code null}
 */
public record PaymentRequest(String orderId, Money amount, String description, String returnUrl, String cancelUrl) {
}
