package io.paybus.billing.renewal;

import io.paybus.billing.BillingProperties;
import io.paybus.billing.outbox.BillingOutbox;
import io.paybus.billing.provider.RenewalOutcome;
import io.paybus.billing.provider.StripeBilling;
import io.paybus.billing.schedule.RenewalDue;
import io.paybus.billing.subscription.CustomerContacts;
import io.paybus.billing.subscription.Subscription;
import io.paybus.billing.subscription.SubscriptionStatus;
import io.paybus.billing.subscription.SubscriptionStore;
import io.paybus.billing.usage.Usage;
import io.paybus.events.BillingEvent;
import io.paybus.events.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renews one subscription period (a {@link RenewalDue} from {@code billing.schedule}):
 * <ul>
 *   <li>a period already renewed or canceled, or an attempt already made, changes nothing (the
 *       same schedule event delivered again);</li>
 *   <li>otherwise the provider bills the period (usage, invoice, payment; idempotency keys from
 *       subscription + period); charged: the subscription moves to its next period, the plan's
 *       credits are granted, the usage is marked billed, {@code renewal.succeeded};</li>
 *   <li>declined: {@code renewal.failed}, then {@code renewal.retry_scheduled} per the dunning
 *       schedule; after the last retry {@code subscription.past_due}; when a past-due period comes
 *       due again, the subscription is canceled at the provider, {@code subscription.canceled}.</li>
 * </ul>
 * Each outcome is one transaction with its {@code billing.events} in the outbox.
 */
@Service
public class Renewals {

    private static final Logger log = LoggerFactory.getLogger(Renewals.class);

    private final CustomerContacts contacts;
    private final RenewalRepository renewals;
    private final SubscriptionStore subscriptions;
    private final Usage usage;
    private final StripeBilling stripe;
    private final BillingOutbox outbox;
    private final BillingProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final DunningPolicy dunning;

    Renewals(RenewalRepository renewals, SubscriptionStore subscriptions, Usage usage, StripeBilling stripe,
            BillingOutbox outbox, BillingProperties properties, PlatformTransactionManager transactions, Clock clock,
            CustomerContacts contacts) {
        this.contacts = contacts;
        this.renewals = renewals;
        this.subscriptions = subscriptions;
        this.usage = usage;
        this.stripe = stripe;
        this.outbox = outbox;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        this.dunning = new DunningPolicy(properties.dunning().retryDelays(), properties.dunning().cancelAfter());
    }

    public void process(RenewalDue due) {
        Renewal renewal = renewals.find(due.subscriptionId(), due.periodStart()).orElse(null);
        if (renewal == null) {
            throw new UnknownRenewalException("no renewal of " + due.subscriptionId() + " for the period from "
                    + due.periodStart());
        }
        if (renewal.state().finished() || due.attempt() <= renewal.attempts()) {
            log.info("renewal of {} for {} is {} (attempt {} of the event, {} made): nothing to do",
                    due.subscriptionId(), due.periodStart(), renewal.state(), due.attempt(), renewal.attempts());
            return;
        }
        Subscription subscription = subscriptions.find(due.subscriptionId()).orElseThrow(() ->
                new UnknownRenewalException("no subscription " + due.subscriptionId()));
        if (renewal.state() == RenewalState.PAST_DUE) {
            cancel(renewal, subscription);
        } else {
            renew(renewal, subscription, due.attempt());
        }
        outbox.flush();
    }

    private void renew(Renewal renewal, Subscription subscription, int attempt) {
        BillingProperties.Plan plan = subscription.planId() == null ? null
                : properties.plans().get(subscription.planId());
        Currency currency = Currency.getInstance(plan != null ? plan.currency() : "EUR");
        Usage.Unreported used = subscription.customerId() == null ? new Usage.Unreported(0, List.of())
                : usage.unreported(subscription.customerId(), renewal.periodEnd());
        long usageAmount = plan == null ? 0 : used.quantity() * plan.usageUnitAmount();
        log.info("renewing {} for the period {}..{} (attempt {}, usage {} units = {})", subscription.subscriptionId(),
                renewal.periodStart(), renewal.periodEnd(), attempt, used.quantity(), usageAmount);
        RenewalOutcome outcome = stripe.renew(subscription.subscriptionId(), subscription.customerId(),
                renewal.periodKey(), attempt, usageAmount, currency, used.quantity() + " units of metered usage");
        Instant now = clock.instant();
        if (outcome instanceof RenewalOutcome.Charged charged) {
            Instant nextEnd = next(renewal, plan);
            transaction.executeWithoutResult(tx -> {
                update(renewal, RenewalState.SUCCEEDED, attempt - 1, null, charged.invoiceRef(), null);
                subscriptions.advance(subscription.subscriptionId(), renewal.periodEnd(), nextEnd);
                subscriptions.find(subscription.subscriptionId()).ifPresent(subscriptions::grantPeriodCredits);
                if (subscription.customerId() != null) {
                    usage.markReported(subscription.customerId(), used.keys(),
                            subscription.subscriptionId() + ":" + renewal.periodKey());
                }
                outbox.add(event(BillingEvent.RENEWAL_SUCCEEDED, renewal, subscription, attempt, charged.amount(),
                        charged.invoiceRef(), null, null, now));
            });
            log.info("renewed {}: {} paid, next period ends {}", subscription.subscriptionId(), charged.invoiceRef(),
                    nextEnd);
            return;
        }
        RenewalOutcome.Declined declined = (RenewalOutcome.Declined) outcome;
        String reason = declined.code() + ": " + declined.message();
        DunningPolicy.Next next = dunning.afterDeclined(attempt, now);
        transaction.executeWithoutResult(tx -> {
            outbox.add(event(BillingEvent.RENEWAL_FAILED, renewal, subscription, attempt, null, declined.invoiceRef(),
                    reason, null, now));
            if (next instanceof DunningPolicy.Retry retry) {
                update(renewal, RenewalState.RETRYING, attempt, retry.at(), declined.invoiceRef(), reason);
                outbox.add(event(BillingEvent.RENEWAL_RETRY_SCHEDULED, renewal, subscription, attempt, null,
                        declined.invoiceRef(), reason, retry.at(), now));
            } else {
                Instant cancelAt = ((DunningPolicy.PastDue) next).cancelAt();
                update(renewal, RenewalState.PAST_DUE, attempt, cancelAt, declined.invoiceRef(), reason);
                subscriptions.markStatus(subscription.subscriptionId(), SubscriptionStatus.PAST_DUE);
                outbox.add(event(BillingEvent.SUBSCRIPTION_PAST_DUE, renewal, subscription, attempt, null,
                        declined.invoiceRef(), reason, cancelAt, now));
            }
        });
        log.warn("renewal of {} declined (attempt {}): {}", subscription.subscriptionId(), attempt, reason);
    }

    private void cancel(Renewal renewal, Subscription subscription) {
        stripe.cancel(subscription.subscriptionId(), renewal.periodKey());
        Instant now = clock.instant();
        transaction.executeWithoutResult(tx -> {
            update(renewal, RenewalState.CANCELED, renewal.attempts(), null, renewal.invoiceRef(), null);
            subscriptions.markStatus(subscription.subscriptionId(), SubscriptionStatus.CANCELED);
            outbox.add(event(BillingEvent.SUBSCRIPTION_CANCELED, renewal, subscription, renewal.attempts(), null,
                    renewal.invoiceRef(), "unpaid after " + renewal.attempts() + " attempts", null, now));
        });
        log.warn("canceled {}: unpaid after {} attempts", subscription.subscriptionId(), renewal.attempts());
    }

    /** The end of the next period: by the plan's interval, else as long as the one that ended. */
    private static Instant next(Renewal renewal, BillingProperties.Plan plan) {
        if (plan != null && plan.interval() != null) {
            return renewal.periodEnd().atOffset(ZoneOffset.UTC).plus(plan.interval()).toInstant();
        }
        Duration length = Duration.between(renewal.periodStart(), renewal.periodEnd());
        return renewal.periodEnd().plus(length.isZero() ? Duration.ofDays(30) : length);
    }

    /** The event, with the subscriber's contact when it is known (what the notification service mails on). */
    private BillingEvent event(String type, Renewal renewal, Subscription subscription, int attempt,
            Money amount, String invoiceRef, String reason, Instant nextAttemptAt, Instant now) {
        return BillingEvent.of(type, subscription.subscriptionId(), subscription.customerId(), subscription.provider(),
                renewal.periodStart(), renewal.periodEnd(), Math.max(1, attempt), amount, invoiceRef, reason,
                nextAttemptAt, now).withCustomer(contacts.of(subscription.customerId()).orElse(null));
    }

    private void update(Renewal renewal, RenewalState state, int attempts, Instant nextAttemptAt, String invoiceRef,
            String error) {
        renewals.update(renewal, state, attempts, nextAttemptAt, invoiceRef, error);
    }
}
