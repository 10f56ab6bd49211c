package io.paybus.billing.subscription;

import io.paybus.billing.BillingProperties;
import io.paybus.billing.credits.Credits;
import io.paybus.events.InvoiceChanged;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.SubscriptionChanged;
import io.paybus.events.SubscriptionEvent;
import io.paybus.events.SubscriptionPaymentChanged;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code subscription} table, kept from the normalized provider events so that the service
 * answers without calling a provider. Each provider event is applied once; a status only moves
 * with a provider event at least as recent as the last one applied; a period never moves back.
 */
@Repository
public class SubscriptionStore {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionStore.class);

    private final JdbcTemplate jdbc;
    private final BillingProperties properties;
    private final Credits credits;
    private final Clock clock;

    SubscriptionStore(JdbcTemplate jdbc, BillingProperties properties, Credits credits, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.credits = credits;
        this.clock = clock;
    }

    /** Applies a subscription event from {@code payments.inbound}; false when it was applied before. */
    @Transactional
    public boolean apply(PaymentEnvelope envelope) {
        if (!(envelope.payload() instanceof SubscriptionEvent event)) {
            return false;
        }
        String key = envelope.provider().name() + ":" + envelope.providerEventId();
        if (jdbc.update("insert into applied_provider_event (event_key) values (?) on conflict do nothing", key) == 0) {
            return false;
        }
        String provider = envelope.provider().name();
        Instant at = envelope.occurredAt();
        if (event instanceof SubscriptionChanged changed) {
            String plan = planOf(changed.planRef());
            upsert(changed.subscriptionRef(), provider, changed.customerRef(), plan, changed.planRef(),
                    statusOf(changed), changed.currentPeriodStart(), changed.currentPeriodEnd(), changed.trialEnd(),
                    changed.cancelAtPeriodEnd(), at);
            find(changed.subscriptionRef()).ifPresent(this::grantPeriodCredits);
        } else if (event instanceof InvoiceChanged invoice) {
            if (invoice.change() == InvoiceChanged.Change.PAID) {
                setStatus(invoice.subscriptionRef(), provider, invoice.customerRef(), "active", at, "past_due");
            } else if (invoice.change() == InvoiceChanged.Change.PAYMENT_FAILED) {
                setStatus(invoice.subscriptionRef(), provider, invoice.customerRef(), "past_due", at, "active",
                        "trialing");
            }
        } else if (event instanceof SubscriptionPaymentChanged payment
                && payment.change() == SubscriptionPaymentChanged.Change.COMPLETED) {
            setStatus(payment.subscriptionRef(), provider, null, "active", at, "past_due");
        }
        log.info("applied {} {} to subscription {}", provider, envelope.type(), envelope.key());
        return true;
    }

    /** Credits of the plan for the subscription's current period, once per period. */
    public void grantPeriodCredits(Subscription s) {
        BillingProperties.Plan plan = s.planId() == null ? null : properties.plans().get(s.planId());
        if (plan == null || plan.includedCredits() <= 0 || s.customerId() == null || s.currentPeriodStart() == null
                || !List.of("active", "trialing").contains(s.status())) {
            return;
        }
        credits.grant(s.customerId(), "period:" + s.subscriptionId() + ":" + s.currentPeriodStart(),
                plan.includedCredits(), "plan " + s.planId() + " credits for the period from " + s.currentPeriodStart());
    }

    private void upsert(String id, String provider, String customer, String plan, String priceRef, String status,
            Instant periodStart, Instant periodEnd, Instant trialEnd, boolean cancelAtPeriodEnd, Instant at) {
        jdbc.update("""
                insert into subscription (subscription_id, provider, customer_id, plan_id, price_ref, status,
                    current_period_start, current_period_end, trial_end, cancel_at_period_end, provider_time, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (subscription_id) do update set
                    customer_id = coalesce(excluded.customer_id, subscription.customer_id),
                    plan_id = coalesce(excluded.plan_id, subscription.plan_id),
                    price_ref = coalesce(excluded.price_ref, subscription.price_ref),
                    status = case when excluded.provider_time >= subscription.provider_time
                                  then excluded.status else subscription.status end,
                    current_period_start = case
                        when excluded.current_period_end > coalesce(subscription.current_period_end, '-infinity')
                        then excluded.current_period_start else subscription.current_period_start end,
                    current_period_end = greatest(excluded.current_period_end, subscription.current_period_end),
                    trial_end = coalesce(excluded.trial_end, subscription.trial_end),
                    cancel_at_period_end = case when excluded.provider_time >= subscription.provider_time
                                  then excluded.cancel_at_period_end else subscription.cancel_at_period_end end,
                    provider_time = greatest(excluded.provider_time, subscription.provider_time),
                    updated_at = excluded.updated_at
                """, id, provider, customer, plan, priceRef, status, ts(periodStart), ts(periodEnd), ts(trialEnd),
                cancelAtPeriodEnd, ts(at), ts(clock.instant()));
    }

    private void setStatus(String id, String provider, String customer, String status, Instant at, String... from) {
        int updated = jdbc.update("update subscription set status = ?, provider_time = greatest(provider_time, ?),"
                        + " updated_at = ? where subscription_id = ? and provider_time <= ? and status = any(?)",
                status, ts(at), ts(clock.instant()), id, ts(at), jdbc.execute(
                        (org.springframework.jdbc.core.ConnectionCallback<java.sql.Array>) c ->
                                c.createArrayOf("varchar", from)));
        if (updated == 0 && find(id).isEmpty()) {
            // An invoice or payment before any subscription event: the subscription is known from it.
            upsert(id, provider, customer, null, null, status, null, null, null, false, at);
        }
    }

    /** Our status words from the provider's (Stripe lower case, PayPal upper case) or the change. */
    static String statusOf(SubscriptionChanged changed) {
        String s = changed.status() == null ? "" : changed.status().toLowerCase(Locale.ROOT);
        String mapped = STATUS.get(s);
        if (mapped != null) {
            return mapped;
        }
        return switch (changed.change()) {
            case CANCELED, EXPIRED -> "canceled";
            case PAUSED, SUSPENDED -> "paused";
            case RESUMED, ACTIVATED -> "active";
            default -> "active";
        };
    }

    private static final Map<String, String> STATUS = Map.ofEntries(
            Map.entry("trialing", "trialing"), Map.entry("active", "active"), Map.entry("past_due", "past_due"),
            Map.entry("unpaid", "past_due"), Map.entry("paused", "paused"), Map.entry("canceled", "canceled"),
            Map.entry("incomplete_expired", "canceled"), Map.entry("incomplete", "past_due"),
            Map.entry("suspended", "paused"), Map.entry("cancelled", "canceled"), Map.entry("expired", "canceled"),
            Map.entry("approval_pending", "trialing"), Map.entry("approved", "trialing"));

    private String planOf(String priceRef) {
        if (priceRef == null) {
            return null;
        }
        return properties.plans().entrySet().stream().filter(e -> priceRef.equals(e.getValue().priceRef()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    public Optional<Subscription> find(String id) {
        return jdbc.query("select * from subscription where subscription_id = ?", SubscriptionStore::map, id).stream()
                .findFirst();
    }

    public List<Subscription> ofCustomer(String customerId) {
        return jdbc.query("select * from subscription where customer_id = ? order by subscription_id",
                SubscriptionStore::map, customerId);
    }

    /** After a renewal: the next period, active again. */
    public void advance(String id, Instant newStart, Instant newEnd) {
        jdbc.update("update subscription set current_period_start = ?, current_period_end = ?, status = 'active',"
                + " updated_at = ? where subscription_id = ? and current_period_end < ?", ts(newStart), ts(newEnd),
                ts(clock.instant()), id, ts(newEnd));
    }

    /** A dunning step of our own (past due, canceled). */
    public void markStatus(String id, String status) {
        jdbc.update("update subscription set status = ?, updated_at = ? where subscription_id = ?", status,
                ts(clock.instant()), id);
    }

    private static Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getString("subscription_id"), rs.getString("provider"), rs.getString("customer_id"),
                rs.getString("plan_id"), rs.getString("price_ref"), rs.getString("status"),
                instant(rs.getTimestamp("current_period_start")), instant(rs.getTimestamp("current_period_end")),
                instant(rs.getTimestamp("trial_end")), rs.getBoolean("cancel_at_period_end"),
                instant(rs.getTimestamp("updated_at")));
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
