package io.paybus.billing;

import java.time.Duration;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tunables of the billing service, under {@code paybus.billing}.
 *
 * @param scheduleInterval  how often the scheduler looks for due periods and publishes them
 * @param renewalNotice     how long before a period ends {@code renewal.upcoming} is published (0: never)
 * @param providerRate      provider calls per second (token bucket)
 * @param providerBurst     calls the bucket lets through at once
 * @param scheduleRetries   retries of a schedule event whose provider call failed transiently
 * @param scheduleRetryWait wait between those retries
 * @param plans             the plans developers declare, by plan id
 */
@ConfigurationProperties("paybus.billing")
public record BillingProperties(
        @DefaultValue("5s") Duration scheduleInterval,
        @DefaultValue("3d") Duration renewalNotice,
        @DefaultValue Dunning dunning,
        @DefaultValue("20") double providerRate,
        @DefaultValue("5") int providerBurst,
        @DefaultValue("5") int scheduleRetries,
        @DefaultValue("2s") Duration scheduleRetryWait,
        @DefaultValue Stripe stripe,
        @DefaultValue Drift drift,
        @DefaultValue Receipts receipts,
        Map<String, Plan> plans) {

    public BillingProperties {
        plans = plans == null ? Map.of() : Map.copyOf(plans);
    }

    /**
     * @param retryDelays after a declined renewal, the waits before each retry
     * @param cancelAfter how long a subscription stays past due before it is canceled
     */
    public record Dunning(@DefaultValue("1d,3d,5d") List<Duration> retryDelays,
                          @DefaultValue("7d") Duration cancelAfter) {
    }

    /**
     * Receipts of one-time payments: numbered {@code <prefix>-<year>-<000123>} (credit notes
     * {@code <prefix>-CN-<year>-…}), issued by the seller named here.
     */
    public record Receipts(@DefaultValue("PB") String prefix, @DefaultValue Seller seller) {
    }

    /** Who issues receipts, as printed on them. */
    public record Seller(@DefaultValue("Paybus demo merchant") String name, String address, String taxId,
                         String email) {
    }

    /**
     * Drift checks of subscriptions against Stripe: {@code sample} of them every
     * {@code paybus.billing.drift.every} (6 h), on one instance at a time.
     */
    public record Drift(@DefaultValue("true") boolean enabled, @DefaultValue("100") int sample) {
    }

    /**
     * @param apiBase Stripe's API, or a stub's
     * @param apiKey  secret key; none: renewals fail as not configured (and go to the dead letters)
     */
    public record Stripe(@DefaultValue("https://api.stripe.com") String apiBase, String apiKey,
                         @DefaultValue("20s") Duration timeout) {
    }

    /**
     * A plan, as stripe-no-webhooks lets developers declare them.
     *
     * @param priceRef        the provider's price (or PayPal plan) id subscription events name
     * @param amount          price per interval, minor units
     * @param interval        billing interval, e.g. {@code P1M}
     * @param trial           trial length, if any
     * @param includedCredits credits granted at the start of each period
     * @param usageUnitAmount price of one unit of metered usage, minor units (0: usage not billed)
     */
    public record Plan(String priceRef, long amount, @DefaultValue("EUR") String currency,
                       @DefaultValue("P1M") Period interval, Period trial, long includedCredits,
                       long usageUnitAmount) {
    }
}
