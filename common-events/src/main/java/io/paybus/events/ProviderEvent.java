package io.paybus.events;

/**
 * The payload of a normalized provider event on {@link Topics#PAYMENTS_INBOUND}. Two families:
 * {@link PaymentEvent}s belong to an order (the envelope's {@code orderId} is their key),
 * {@link SubscriptionEvent}s to a subscription (its {@code subscriptionId} is their key).
 * Wire names: {@link EventTypes}.
 */
public sealed interface ProviderEvent permits PaymentEvent, SubscriptionEvent {
}
