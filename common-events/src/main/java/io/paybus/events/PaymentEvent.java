package io.paybus.events;

/**
 * What happened to an order's payment, in provider-neutral words: the order family of
 * {@link ProviderEvent}s, keyed by order id. Identity, provider and time live in the
 * {@link PaymentEnvelope} around it.
 */
public sealed interface PaymentEvent extends ProviderEvent permits PaymentSucceeded, PaymentFailed, PaymentRefunded,
        PaymentCanceled, PaymentProcessing, PaymentActionRequired, PaymentReversed, ChargeSucceeded, ChargeFailed,
        RefundChanged, DisputeOpened, DisputeUpdated, DisputeClosed, DisputeFundsWithdrawn, DisputeFundsReinstated,
        CheckoutCompleted, CheckoutApproved, CheckoutAsyncPaymentSucceeded, CheckoutAsyncPaymentFailed {

    /** The provider's reference of the payment (Stripe PaymentIntent id, PayPal capture id). */
    String paymentRef();
}
