package io.paybus.billing.schedule;

import io.paybus.billing.BillingProperties;
import io.paybus.billing.outbox.BillingOutbox;
import io.paybus.billing.renewal.RenewalRepository;
import io.paybus.billing.subscription.CustomerContacts;
import io.paybus.events.BillingEvent;
import io.paybus.events.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code renewal.upcoming}: once per period of a renewable Stripe subscription (those the scheduler
 * renews), {@code renewal-notice} before the period ends, through the outbox. Once across instances:
 * the period's {@code renewal_notice} row is inserted in the transaction that writes the event, and
 * only one insert wins. A subscription that will not renew (canceled, cancel at period end) gets none.
 */
@Component
public class RenewalNotices {

    private final RenewalRepository renewals;
    private final CustomerContacts contacts;
    private final BillingOutbox outbox;
    private final BillingProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RenewalNotices(RenewalRepository renewals, CustomerContacts contacts, BillingOutbox outbox,
            BillingProperties properties, PlatformTransactionManager transactions, Clock clock) {
        this.renewals = renewals;
        this.contacts = contacts;
        this.outbox = outbox;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Writes the notices that are due; how many. */
    public int noticeUpcoming() {
        Duration notice = properties.renewalNotice();
        if (notice.isZero() || notice.isNegative()) {
            return 0;
        }
        Integer written = transaction.execute(tx -> {
            Instant now = clock.instant();
            int count = 0;
            for (RenewalRepository.Upcoming upcoming : renewals.dueForNotice(now, now.plus(notice), 500)) {
                if (!renewals.markNoticed(upcoming, now)) {
                    continue; // another instance wrote it
                }
                BillingProperties.Plan plan = upcoming.planId() == null ? null
                        : properties.plans().get(upcoming.planId());
                Money amount = plan == null ? null : new Money(plan.amount(), Currency.getInstance(plan.currency()));
                Instant start = upcoming.periodStart() != null ? upcoming.periodStart() : upcoming.periodEnd();
                // attempt 1: the renewal's first attempt is what is coming
                outbox.add(BillingEvent.of(BillingEvent.RENEWAL_UPCOMING, upcoming.subscriptionId(),
                        upcoming.customerId(), upcoming.provider(), start, upcoming.periodEnd(), 1, amount, null,
                        null, upcoming.periodEnd(), now).withCustomer(contacts.of(upcoming.customerId()).orElse(null)));
                count++;
            }
            return count;
        });
        return written == null ? 0 : written;
    }
}
