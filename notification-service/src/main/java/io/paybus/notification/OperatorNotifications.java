package io.paybus.notification;

import io.paybus.events.EventCodec;
import io.paybus.events.OperatorAlert;
import io.paybus.events.Topics;
import io.paybus.platform.deadletter.DeadLetterRecoverer;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What operators are told, by mail to each of {@code paybus.notification.operators} and to the
 * incoming webhook ({@code alert-webhook}, Slack/Teams-style {@code {"text": …}}): a renewal that
 * failed for good ({@code billing.events}), and every alert a service raised on
 * {@code operations.alerts}: dead letters open or aged and their resolution, a reconciliation's
 * losses, a drift check's differences. Once per alert and recipient, whatever the redeliveries.
 */
@Component
class OperatorNotifications {

    static final String RENEWAL_FAILED = "alert.renewal_failed";

    private final EventCodec codec;
    private final Deliveries deliveries;
    private final NotificationProperties properties;
    private final DeadLetterRecoverer deadLetters;

    OperatorNotifications(EventCodec codec, Deliveries deliveries, NotificationProperties properties,
            DeadLetterRecoverer deadLetters) {
        this.codec = codec;
        this.deliveries = deliveries;
        this.properties = properties;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(id = "notification-alerts", groupId = "${paybus.notification.consumer-group:notification-service}",
            topics = Topics.OPERATIONS_ALERTS)
    void on(ConsumerRecord<String, byte[]> record) {
        OperatorAlert alert = codec.decodeOperatorAlert(record.value());
        String template = "alert." + alert.state();
        deliveries.attempt(template, record, () -> tell(alert.alertId(), template, Templates.render(template,
                Locale.ENGLISH, alert.summary(), alert.kind(), alert.service(), alert.subject(),
                alert.raisedAt().toString(), alert.detail() == null ? "" : alert.detail())));
        deadLetters.applied(record);
    }

    /** Tells every operator, once for this event and template. */
    void tell(UUID eventId, String template, Templates.Mail mail) {
        for (String operator : properties.operators()) {
            deliveries.mail(eventId, operator, template, Locale.ENGLISH, mail);
        }
        if (properties.alertWebhook() != null && !properties.alertWebhook().isBlank()) {
            deliveries.webhook(eventId, properties.alertWebhook(), template, mail.subject() + "\n" + mail.text());
        }
    }
}
