package io.paybus.events;

/**
 * The payload of a normalized provider event on {@link Topics#PAYMENTS_INBOUND}: what happened to
 * a payment, in provider-neutral words. Identity, provider and time live in the
 * {@link PaymentEnvelope} around it.
 */
public sealed interface PaymentEvent permits PaymentSucceeded, PaymentFailed, PaymentRefunded {

    /** The provider's reference of the payment (Stripe PaymentIntent id, PayPal capture id). */
    String paymentRef();
}
