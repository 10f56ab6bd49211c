package io.paybus.billing.drift;

import io.paybus.billing.provider.ProviderRejectedException;
import io.paybus.billing.provider.StripeBilling;
import io.paybus.billing.provider.TransientProviderException;
import io.paybus.billing.subscription.Subscription;
import io.paybus.billing.subscription.SubscriptionStatus;
import io.paybus.billing.subscription.SubscriptionStore;
import io.paybus.events.EventSource;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.Provider;
import io.paybus.events.SubscriptionChanged;
import io.paybus.platform.drift.DriftLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Drift detection of subscriptions: ours (kept from provider events) against Stripe's subscription
 * now, on status, current period and price; each difference kept by the platform's
 * {@link DriftLedger} (subject {@code subscriptions}). A repair ingests Stripe's subscription as a
 * snapshot fact through the same {@link SubscriptionStore#apply} its events take, dated when it was
 * read: never an edit of our row. PayPal subscriptions are not compared (billing has no PayPal
 * client): they count as not comparable.
 */
@Service
public class SubscriptionDrift {

    /** A repair: what differed, whether the snapshot was new to us, the findings it closed. */
    public record Repair(String subscriptionId, List<DriftLedger.Difference> differences, boolean applied,
                         int findingsRepaired) {
    }

    private final JdbcTemplate jdbc;
    private final SubscriptionStore subscriptions;
    private final StripeBilling stripe;
    private final DriftLedger ledger;
    private final Clock clock;

    SubscriptionDrift(JdbcTemplate jdbc, SubscriptionStore subscriptions, StripeBilling stripe, DriftLedger ledger,
            Clock clock) {
        this.jdbc = jdbc;
        this.subscriptions = subscriptions;
        this.stripe = stripe;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Compares {@code size} Stripe subscriptions picked at random. */
    public DriftLedger.Check sample(int size, String requestedBy, String reason) {
        List<String> ids = jdbc.queryForList("select subscription_id from subscription where provider = 'STRIPE'"
                + " order by random() limit ?", String.class, size);
        return ledger.run(true, ids, id -> compare(id).comparison(), requestedBy, reason);
    }

    public DriftLedger.Check one(String subscriptionId, String requestedBy, String reason) {
        return ledger.run(false, List.of(subscriptionId), id -> compare(id).comparison(), requestedBy, reason);
    }

    /** Repairs the subscription's drift with Stripe's view as a snapshot fact; empty when there is no such subscription. */
    public Optional<Repair> repair(String subscriptionId, String requestedBy) {
        if (subscriptions.find(subscriptionId).isEmpty()) {
            return Optional.empty();
        }
        Compared compared = compare(subscriptionId);
        if (!(compared.comparison() instanceof DriftLedger.Compared result)) {
            throw new IllegalStateException(compared.comparison().toString());
        }
        if (result.differences().isEmpty()) {
            ledger.repairEnded("nothing");
            return Optional.of(new Repair(subscriptionId, List.of(), false, 0));
        }
        SubscriptionChanged theirs = compared.theirs();
        PaymentEnvelope snapshot = PaymentEnvelope.of(Provider.STRIPE, EventSource.snapshotId(subscriptionId,
                "subscription", theirs.toString()), compared.readAt(), compared.readAt(), theirs, null)
                .recoveredBy(EventSource.SNAPSHOT);
        boolean applied = subscriptions.apply(snapshot);
        return Optional.of(new Repair(subscriptionId, result.differences(), applied,
                ledger.repaired(subscriptionId, requestedBy)));
    }

    /** A comparison, with Stripe's view when there was one. */
    private record Compared(DriftLedger.Comparison comparison, SubscriptionChanged theirs, Instant readAt) {
    }

    private Compared compare(String subscriptionId) {
        Subscription ours = subscriptions.find(subscriptionId).orElse(null);
        if (ours == null) {
            return new Compared(new DriftLedger.NotComparable("no subscription " + subscriptionId), null, null);
        }
        if (!"STRIPE".equals(ours.provider())) {
            return new Compared(new DriftLedger.NotComparable(ours.provider() + " subscriptions are not compared"),
                    null, null);
        }
        SubscriptionChanged theirs;
        try {
            theirs = stripe.retrieve(subscriptionId);
        } catch (TransientProviderException | ProviderRejectedException e) {
            return new Compared(new DriftLedger.Unreachable(e.getMessage()), null, null);
        }
        return new Compared(new DriftLedger.Compared("STRIPE", differences(ours, theirs)), theirs, clock.instant());
    }

    /** Where ours and Stripe's differ: status (in our words), current period, price. */
    static List<DriftLedger.Difference> differences(Subscription ours, SubscriptionChanged theirs) {
        List<DriftLedger.Difference> differences = new ArrayList<>();
        SubscriptionStatus status = SubscriptionStatus.of(theirs);
        if (status != ours.status()) {
            differences.add(new DriftLedger.Difference("status", ours.status().wire(), status.wire()));
        }
        if (theirs.currentPeriodEnd() != null && !theirs.currentPeriodEnd().equals(ours.currentPeriodEnd())) {
            differences.add(new DriftLedger.Difference("currentPeriodEnd", ours.currentPeriodEnd(),
                    theirs.currentPeriodEnd()));
        }
        if (theirs.planRef() != null && !Objects.equals(theirs.planRef(), ours.priceRef())) {
            differences.add(new DriftLedger.Difference("priceRef", ours.priceRef(), theirs.planRef()));
        }
        return differences;
    }
}
