package io.paybus.events;

/**
 * What other services learn about an order on {@link Topics#ORDERS_EVENTS}: one event per change
 * of the order's status, keyed by order id, in order per order. Wrapped in an
 * {@link OrderEventEnvelope}; JSON Schema {@code schemas/orders.events.schema.json}, AsyncAPI
 * {@code asyncapi.yaml} (resources of this module).
 */
public sealed interface PublishedOrderEvent {

    /** First sight of the order (created, or adopted from a provider event). */
    record OrderCreated() implements PublishedOrderEvent {
    }

    record OrderProcessing() implements PublishedOrderEvent {
    }

    record OrderActionRequired() implements PublishedOrderEvent {
    }

    /** A payment attempt failed; the customer may retry. */
    record OrderPaymentFailed() implements PublishedOrderEvent {
    }

    record OrderCanceled() implements PublishedOrderEvent {
    }

    /**
     * The provider confirmed a payment that is not the one the order (placed through Paybus) asked
     * for: another amount, currency or payment. The order is not paid; an operator decides.
     *
     * @param expected    what the order asked for
     * @param received    what the provider confirmed
     * @param expectedRef the provider payment created for the order (PaymentIntent, PayPal order)
     * @param receivedRef the payment the provider confirmed
     * @param reason      which check failed, in words
     */
    record OrderPaymentMismatch(Money expected, Money received, String expectedRef, String receivedRef, String reason)
            implements PublishedOrderEvent {
    }

    /**
     * The provider confirmed the payment.
     *
     * @param provider who took it ({@code STRIPE}, {@code PAYPAL}); absent in events written before it existed
     */
    record OrderPaid(Money amount, String paymentRef, String provider) implements PublishedOrderEvent {
    }

    record OrderPartiallyRefunded(Money refundedTotal) implements PublishedOrderEvent {
    }

    record OrderRefunded(Money refundedTotal) implements PublishedOrderEvent {
    }

    record OrderDisputed() implements PublishedOrderEvent {
    }

    record OrderDisputeWon() implements PublishedOrderEvent {
    }

    record OrderDisputeLost() implements PublishedOrderEvent {
    }
}
