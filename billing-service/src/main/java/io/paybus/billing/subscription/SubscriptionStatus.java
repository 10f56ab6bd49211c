package io.paybus.billing.subscription;

import com.fasterxml.jackson.annotation.JsonValue;
import io.paybus.events.SubscriptionChanged;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a subscription stands, in our words, whichever provider keeps it; stored and shown as
 * {@link #wire()} ({@code active}, {@code past_due}, …). The mapping from the providers' statuses is
 * here and nowhere else.
 */
public enum SubscriptionStatus {
    TRIALING,
    ACTIVE,
    /** A payment failed (ours, during dunning, or the provider's); not renewed until paid. */
    PAST_DUE,
    PAUSED,
    CANCELED;

    /** Stripe's statuses (lower case) and PayPal's (upper case), as ours. */
    private static final Map<String, SubscriptionStatus> PROVIDER = Map.ofEntries(
            Map.entry("trialing", TRIALING), Map.entry("active", ACTIVE), Map.entry("past_due", PAST_DUE),
            Map.entry("unpaid", PAST_DUE), Map.entry("paused", PAUSED), Map.entry("canceled", CANCELED),
            Map.entry("incomplete_expired", CANCELED), Map.entry("incomplete", PAST_DUE),
            Map.entry("suspended", PAUSED), Map.entry("cancelled", CANCELED), Map.entry("expired", CANCELED),
            Map.entry("approval_pending", TRIALING), Map.entry("approved", TRIALING));

    /** Renewed by our scheduler when a period ends. */
    public static final List<SubscriptionStatus> RENEWABLE = List.of(ACTIVE, TRIALING);

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean renewable() {
        return RENEWABLE.contains(this);
    }

    public static SubscriptionStatus ofWire(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a subscription status: " + wire));
    }

    /** The provider's status of a change; the kind of change where the provider named none we know. */
    public static SubscriptionStatus of(SubscriptionChanged changed) {
        String provider = changed.status() == null ? "" : changed.status().toLowerCase(Locale.ROOT);
        SubscriptionStatus mapped = PROVIDER.get(provider);
        if (mapped != null) {
            return mapped;
        }
        return switch (changed.change()) {
            case CANCELED, EXPIRED -> CANCELED;
            case PAUSED, SUSPENDED -> PAUSED;
            default -> ACTIVE;
        };
    }
}
