package io.paybus.events;

/**
 * What happened to a subscription or its billing, keyed by subscription id; read by the billing
 * service, ignored by the order service.
 */
public sealed interface SubscriptionEvent extends ProviderEvent
        permits SubscriptionChanged, InvoiceChanged, SubscriptionPaymentChanged {

    /** The provider's subscription id ({@code sub_…}, PayPal {@code I-…}). */
    String subscriptionRef();
}
