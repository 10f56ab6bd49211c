package io.paybus.order.gateway;

/**
 * The provider payment created for an order.
 *
 * @param providerRef    Stripe PaymentIntent id, PayPal order id
 * @param providerStatus the provider's status word, e.g. {@code requires_payment_method}, {@code CREATED}
 * @param clientSecret   Stripe: what the browser confirms the PaymentIntent with; else {@code null}
 * @param approvalUrl    PayPal: where the payer approves the order; else {@code null}
 */
public record CreatedPayment(String providerRef, String providerStatus, String clientSecret, String approvalUrl) {
}
