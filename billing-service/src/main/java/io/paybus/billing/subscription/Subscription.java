package io.paybus.billing.subscription;

import java.time.Instant;

/** A subscription as {@code GET /subscriptions/{id}} shows it; kept from provider events alone. */
public record Subscription(String subscriptionId, String provider, String customerId, String planId, String priceRef,
                           SubscriptionStatus status, Instant currentPeriodStart, Instant currentPeriodEnd, Instant trialEnd,
                           boolean cancelAtPeriodEnd, Instant updatedAt) {
}
