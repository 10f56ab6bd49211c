package io.paybus.billing.subscription;

import static io.paybus.billing.subscription.SubscriptionStatus.ACTIVE;
import static io.paybus.billing.subscription.SubscriptionStatus.PAST_DUE;
import static io.paybus.billing.subscription.SubscriptionStatus.TRIALING;

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
import java.util.Arrays;
import java.util.List;
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
                    SubscriptionStatus.of(changed), changed.currentPeriodStart(), changed.currentPeriodEnd(), changed.trialEnd(),
                    changed.cancelAtPeriodEnd(), at);
            find(changed.subscriptionRef()).ifPresent(this::grantPeriodCredits);
        } else if (event instanceof InvoiceChanged invoice) {
            if (invoice.change() == InvoiceChanged.Change.PAID) {
                setStatus(invoice.subscriptionRef(), provider, invoice.customerRef(), ACTIVE, at, PAST_DUE);
            } else if (invoice.change() == InvoiceChanged.Change.PAYMENT_FAILED) {
                setStatus(invoice.subscriptionRef(), provider, invoice.customerRef(), PAST_DUE, at, ACTIVE,
                        TRIALING);
            }
        } else if (event instanceof SubscriptionPaymentChanged payment
                && payment.change() == SubscriptionPaymentChanged.Change.COMPLETED) {
            setStatus(payment.subscriptionRef(), provider, null, ACTIVE, at, PAST_DUE);
        }
        log.info("applied {} {} to subscription {}", provider, envelope.type(), envelope.key());
        return true;
    }

    /** Credits of the plan for the subscription's current period, once per period. */
    public void grantPeriodCredits(Subscription s) {
        BillingProperties.Plan plan = s.planId() == null ? null : properties.plans().get(s.planId());
        if (plan == null || plan.includedCredits() <= 0 || s.customerId() == null || s.currentPeriodStart() == null
                || !s.status().renewable()) {
            return;
        }
        credits.grant(s.customerId(), "period:" + s.subscriptionId() + ":" + s.currentPeriodStart(),
                plan.includedCredits(), "plan " + s.planId() + " credits for the period from " + s.currentPeriodStart());
    }

    private void upsert(String id, String provider, String customer, String plan, String priceRef,
            SubscriptionStatus status,
            Instant periodStart, Instant periodEnd, Instant trialEnd, boolean cancelAtPeriodEnd, Instant at) {
        jdbc.update("""
                insert into subscription (subscription_id, provider, customer_id, plan_id, price_ref, status,
                    current_period_start, current_period_end, trial_end, cancel_at_period_end, provider_time, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (subscription_id) do update set
                    customer_id = case when excluded.provider_time >= subscription.provider_time
                                  then coalesce(excluded.customer_id, subscription.customer_id)
                                  else coalesce(subscription.customer_id, excluded.customer_id) end,
                    plan_id = case when excluded.provider_time >= subscription.provider_time
                                  then coalesce(excluded.plan_id, subscription.plan_id)
                                  else coalesce(subscription.plan_id, excluded.plan_id) end,
                    price_ref = case when excluded.provider_time >= subscription.provider_time
                                  then coalesce(excluded.price_ref, subscription.price_ref)
                                  else coalesce(subscription.price_ref, excluded.price_ref) end,
                    status = case when excluded.provider_time >= subscription.provider_time
                                  then excluded.status else subscription.status end,
                    current_period_start = case
                        when excluded.current_period_end > coalesce(subscription.current_period_end, '-infinity')
                        then excluded.current_period_start else subscription.current_period_start end,
                    current_period_end = greatest(excluded.current_period_end, subscription.current_period_end),
                    trial_end = case when excluded.provider_time >= subscription.provider_time
                                  then coalesce(excluded.trial_end, subscription.trial_end)
                                  else subscription.trial_end end,
                    cancel_at_period_end = case when excluded.provider_time >= subscription.provider_time
                                  then excluded.cancel_at_period_end else subscription.cancel_at_period_end end,
                    provider_time = greatest(excluded.provider_time, subscription.provider_time),
                    updated_at = excluded.updated_at
                """, id, provider, customer, plan, priceRef, status.wire(), ts(periodStart), ts(periodEnd), ts(trialEnd),
                cancelAtPeriodEnd, ts(at), ts(clock.instant()));
    }

    private void setStatus(String id, String provider, String customer, SubscriptionStatus status, Instant at,
            SubscriptionStatus... from) {
        int updated = jdbc.update("update subscription set status = ?, provider_time = greatest(provider_time, ?),"
                        + " updated_at = ? where subscription_id = ? and provider_time <= ? and status = any(?)",
                status.wire(), ts(at), ts(clock.instant()), id, ts(at), jdbc.execute(
                        (org.springframework.jdbc.core.ConnectionCallback<java.sql.Array>) c -> c.createArrayOf(
                                "varchar", Arrays.stream(from).map(SubscriptionStatus::wire).toArray())));
        if (updated == 0 && find(id).isEmpty()) {
            // An invoice or payment before any subscription event: the subscription is known from it.
            upsert(id, provider, customer, null, null, status, null, null, null, false, at);
        }
    }

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

    /** After a renewal: the next period, active again. */
    public void advance(String id, Instant newStart, Instant newEnd) {
        jdbc.update("update subscription set current_period_start = ?, current_period_end = ?, status = ?,"
                + " updated_at = ? where subscription_id = ? and current_period_end < ?", ts(newStart), ts(newEnd),
                ACTIVE.wire(),
                ts(clock.instant()), id, ts(newEnd));
    }

    /** A dunning step of our own (past due, canceled). */
    public void markStatus(String id, SubscriptionStatus status) {
        jdbc.update("update subscription set status = ?, updated_at = ? where subscription_id = ?", status.wire(),
                ts(clock.instant()), id);
    }

    static Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getString("subscription_id"), rs.getString("provider"), rs.getString("customer_id"),
                rs.getString("plan_id"), rs.getString("price_ref"), SubscriptionStatus.ofWire(rs.getString("status")),
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
