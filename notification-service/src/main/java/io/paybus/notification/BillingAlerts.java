package io.paybus.notification;

import io.paybus.events.BillingEvent;
import io.paybus.events.EventCodec;
import io.paybus.events.Topics;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code billing.events} to the operators: a renewal that failed for good ({@code renewal.failed})
 * is an alert by mail to each of {@code operators} and, when set, to the incoming webhook.
 */
@Component
class BillingAlerts {

    static final String TEMPLATE = "alert.renewal_failed";

    private final EventCodec codec;
    private final Deliveries deliveries;
    private final NotificationProperties properties;
    private final DeadLetterRecoverer deadLetters;

    BillingAlerts(EventCodec codec, Deliveries deliveries, NotificationProperties properties,
            DeadLetterRecoverer deadLetters) {
        this.codec = codec;
        this.deliveries = deliveries;
        this.properties = properties;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "notification-billing", groupId = "${paybus.notification.consumer-group:notification-service}",
            topics = Topics.BILLING_EVENTS)
    void on(ConsumerRecord<String, byte[]> record) {
        BillingEvent event = codec.decodeBillingEvent(record.value());
        if (BillingEvent.RENEWAL_FAILED.equals(event.type())) {
            Templates.Mail alert = Templates.render(TEMPLATE, Locale.ENGLISH, event.subscriptionId(),
                    event.customerId(), event.periodStart(), event.periodEnd(),
                    event.reason() == null ? "no reason given" : event.reason());
            for (String operator : properties.operators()) {
                deliveries.mail(event.eventId(), operator, TEMPLATE, Locale.ENGLISH, alert);
            }
            if (properties.alertWebhook() != null && !properties.alertWebhook().isBlank()) {
                deliveries.webhook(event.eventId(), properties.alertWebhook(), TEMPLATE,
                        alert.subject() + "\n" + alert.text());
            }
        }
        deadLetters.applied(record);
    }
}
