package io.paybus.notification;

import io.paybus.events.BillingEvent;
import io.paybus.events.Customer;
import io.paybus.events.EventCodec;
import io.paybus.events.Topics;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code billing.events} to the subscriber (its contact, which billing puts on the event when the
 * provider has one) and to the operators: a renewal notice ({@code renewal.upcoming}), the renewal
 * receipt ({@code renewal.succeeded}), a dunning notice with the next attempt
 * ({@code renewal.retry_scheduled}) and the last one ({@code renewal.failed}), the cancellation
 * ({@code subscription.canceled}); a renewal that failed for good is also an operators' alert, by mail
 * to each of {@code operators} and to the incoming webhook.
 */
@Component
class BillingNotifications {

    private static final Map<String, String> SUBSCRIBER_TEMPLATES = Map.of(
            BillingEvent.RENEWAL_UPCOMING, "renewal_notice",
            BillingEvent.RENEWAL_SUCCEEDED, "renewal_receipt",
            BillingEvent.RENEWAL_RETRY_SCHEDULED, "dunning",
            BillingEvent.RENEWAL_FAILED, "dunning_final",
            BillingEvent.SUBSCRIPTION_CANCELED, "canceled");

    /** What the suppression list holds back; the others are about money moved or a contract, and go. */
    private static final java.util.Set<String> NON_TRANSACTIONAL = java.util.Set.of("renewal_notice");

    private final EventCodec codec;
    private final Deliveries deliveries;
    private final NotificationProperties properties;
    private final DeadLetterRecoverer deadLetters;
    private final Suppressions suppressions;
    private final OperatorNotifications operators;
    private final Unsubscribes unsubscribes;

    BillingNotifications(EventCodec codec, Deliveries deliveries, NotificationProperties properties,
            DeadLetterRecoverer deadLetters, Suppressions suppressions, OperatorNotifications operators,
            Unsubscribes unsubscribes) {
        this.unsubscribes = unsubscribes;
        this.suppressions = suppressions;
        this.operators = operators;
        this.codec = codec;
        this.deliveries = deliveries;
        this.properties = properties;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "notification-billing", groupId = "${paybus.notification.consumer-group:notification-service}",
            topics = Topics.BILLING_EVENTS)
    void on(ConsumerRecord<String, byte[]> record) {
        BillingEvent event = codec.decodeBillingEvent(record.value());
        String template = SUBSCRIBER_TEMPLATES.get(event.type());
        if (template != null) {
            deliveries.attempt(template, record, () -> notifySubscriber(event, template));
        }
        if (BillingEvent.RENEWAL_FAILED.equals(event.type())) {
            deliveries.attempt(OperatorNotifications.RENEWAL_FAILED, record, () -> alertOperators(event));
        }
        deadLetters.applied(record);
    }

    private void notifySubscriber(BillingEvent event, String template) {
        Customer customer = event.customer();
        if (customer == null || customer.email() == null) {
            deliveries.skipped(template);
            return;
        }
        if (NON_TRANSACTIONAL.contains(template) && suppressions.suppressed(customer.email())) {
            deliveries.suppressed(template);
            return;
        }
        Templates.Reader reader = Templates.readerOf(customer, properties.defaultLocale());
        Locale locale = reader.locale();
        String name = reader.name();
        String amount = event.amount() == null ? "" : " (" + Templates.money(event.amount(), locale) + ")";
        Instant when = BillingEvent.RENEWAL_RETRY_SCHEDULED.equals(event.type()) && event.nextAttemptAt() != null
                ? event.nextAttemptAt() : event.periodEnd();
        String date = when == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                .withZone(ZoneOffset.UTC).format(when);
        Templates.Mail mail = Templates.render(template, locale, event.subscriptionId(), name, amount, date);
        if (NON_TRANSACTIONAL.contains(template)) {
            deliveries.mailUnsubscribable(event.eventId(), customer.email(), template, locale, mail,
                    unsubscribes.link(customer.email()));
        } else {
            deliveries.mail(event.eventId(), customer.email(), template, locale, mail);
        }
    }

    private void alertOperators(BillingEvent event) {
        operators.tell(event.eventId(), OperatorNotifications.RENEWAL_FAILED, Templates.render(
                OperatorNotifications.RENEWAL_FAILED, Locale.ENGLISH, event.subscriptionId(), event.customerId(),
                event.periodStart(), event.periodEnd(), event.reason() == null ? "no reason given" : event.reason()));
    }
}
