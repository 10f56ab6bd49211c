package io.paybus.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A subscription was created or changed: Stripe {@code customer.subscription.*}, PayPal
 * {@code BILLING.SUBSCRIPTION.*}. Carries the subscription as the provider now describes it, so a
 * consumer can keep its state from these events alone.
 *
 * @param change             what happened
 * @param status             the provider's status after it ({@code active}, {@code trialing}, …)
 * @param planRef            the price or plan subscribed to, when the provider says
 * @param currentPeriodStart start of the current billing period, when known
 * @param currentPeriodEnd   end of the current billing period, when known
 * @param trialEnd           end of the trial, when there is one
 */
public record SubscriptionChanged(String subscriptionRef, Change change, String customerRef, String status,
                                  String planRef, Instant currentPeriodStart, Instant currentPeriodEnd,
                                  Instant trialEnd, boolean cancelAtPeriodEnd) implements SubscriptionEvent {

    /** The kinds of subscription change providers report. */
    public enum Change {
        CREATED, UPDATED, ACTIVATED, PAUSED, RESUMED, SUSPENDED, CANCELED, EXPIRED, TRIAL_WILL_END
    }

    public SubscriptionChanged {
        Objects.requireNonNull(subscriptionRef, "subscriptionRef");
        Objects.requireNonNull(change, "change");
    }
}
