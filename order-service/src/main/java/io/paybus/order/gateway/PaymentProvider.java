package io.paybus.order.gateway;

import io.paybus.order.command.RefundTarget;

/**
 * One payment provider behind the unified gateway. Implementations translate to the provider's
 * API and its errors to {@link ProviderFailure}; every call carries the idempotency key given, so
 * a retried call never creates a second payment or refund.
 */
public interface PaymentProvider {

    /** {@code STRIPE}, {@code PAYPAL}: as in the normalized events. */
    String name();

    /** Creates the provider payment for an order: a Stripe PaymentIntent, a PayPal order. */
    CreatedPayment createPayment(PaymentRequest request, String idempotencyKey);

    /**
     * The provider's live view of the payment {@code providerRef} (read only: no idempotency key).
     *
     * @throws ProviderFailure {@code REJECTED} with code {@code resource_missing} when the provider does
     *                         not know it, or as the other calls fail
     */
    ProviderPayment query(String providerRef);

    /**
     * Captures the approved payment {@code providerRef} (a PayPal order with intent {@code CAPTURE});
     * providers that capture by themselves (Stripe PaymentIntents here) refuse.
     *
     * @throws ProviderFailure {@code DECLINED} when the payer's instrument was declined
     */
    default CapturedPayment capture(String providerRef, String idempotencyKey) {
        throw new ProviderFailure(ProviderFailure.Kind.REJECTED, name(), "capture_not_supported",
                name() + " payments are captured by the provider", null, null);
    }

    /** Refunds {@code target.amount()} of {@code target.paymentRef()}. */
    CreatedRefund refund(String orderId, RefundTarget target, String idempotencyKey);
}
