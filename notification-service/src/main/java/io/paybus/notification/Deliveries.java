package io.paybus.notification;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends a mail (or posts a webhook) once per (event, recipient, template): the {@code notification}
 * row is inserted in the transaction that sends, so a send that fails rolls it back (the record is
 * tried again, then dead-lettered) and a redelivered or replayed event finds it and sends nothing.
 * A crash after the SMTP server took the mail and before the commit sends it once more: at least
 * once towards SMTP, never twice for a record applied. Metric
 * {@code paybus_notifications_total{template, outcome=sent|retried|failed|duplicate|skipped|suppressed}}:
 * a try that failed is {@code retried} while tries are left, {@code failed} when it was the last (the
 * record is parked in the dead letters).
 */
@Service
public class Deliveries {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final JdbcTemplate jdbc;
    private final JavaMailSender mail;
    private final NotificationProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Deliveries(JdbcTemplate jdbc, JavaMailSender mail, NotificationProperties properties, MeterRegistry meters,
            Clock clock) {
        this.jdbc = jdbc;
        this.mail = mail;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** A file sent with a mail. */
    public record Attachment(String name, String contentType, byte[] bytes) {
    }

    /** Mails {@code rendered} to {@code recipient}, once for this event and template; false when it was sent before. */
    @Transactional
    public boolean mail(UUID eventId, String recipient, String template, Locale locale, Templates.Mail rendered) {
        return mail(eventId, recipient, template, locale, rendered, null);
    }

    /** As {@link #mail(UUID, String, String, Locale, Templates.Mail)}, with a file attached. */
    @Transactional
    public boolean mail(UUID eventId, String recipient, String template, Locale locale, Templates.Mail rendered,
            Attachment attachment) {
        return mail(eventId, recipient, template, locale, rendered, attachment, null);
    }

    /**
     * As {@link #mail(UUID, String, String, Locale, Templates.Mail)}, non-transactional: with a
     * one-click unsubscribe link ({@code List-Unsubscribe}, {@code List-Unsubscribe-Post}).
     */
    @Transactional
    public boolean mailUnsubscribable(UUID eventId, String recipient, String template, Locale locale,
            Templates.Mail rendered, String unsubscribeLink) {
        return mail(eventId, recipient, template, locale, rendered, null, unsubscribeLink);
    }

    private boolean mail(UUID eventId, String recipient, String template, Locale locale, Templates.Mail rendered,
            Attachment attachment, String unsubscribeLink) {
        if (!claim(eventId, recipient, template, locale, rendered.subject())) {
            return false;
        }
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(properties.from());
            helper.setTo(recipient);
            helper.setSubject(rendered.subject());
            helper.setText(rendered.text(), rendered.html());
            if (unsubscribeLink != null) {
                message.setHeader("List-Unsubscribe", "<" + unsubscribeLink + ">");
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            if (attachment != null) {
                helper.addAttachment(attachment.name(), new org.springframework.core.io.ByteArrayResource(
                        attachment.bytes()), attachment.contentType());
            }
            mail.send(message);
        } catch (MessagingException | RuntimeException e) {
            log.warn("{} mail to {} not sent, tried again: {}", template, recipient, e.toString());
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        count(template, "sent");
        log.info("{} mailed to {} ({})", template, recipient, locale.toLanguageTag());
        return true;
    }

    /** Posts {@code {"text": …}} to an incoming webhook, once for this event and template. */
    @Transactional
    public boolean webhook(UUID eventId, String url, String template, String text) {
        if (!claim(eventId, "webhook:" + url, template, null, null)) {
            return false;
        }
        String body = JSON.createObjectNode().put("text", text).toString();
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("the webhook answered " + answer.statusCode());
            }
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("{} webhook not posted, tried again: {}", template, e.toString());
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        count(template, "sent");
        return true;
    }

    /** Whether this event's mail with this template went to the recipient already. */
    boolean sent(UUID eventId, String recipient, String template) {
        boolean sent = jdbc.queryForObject("select exists (select 1 from notification where event_id = ? and"
                + " recipient = ? and template = ?)", Boolean.class, eventId, recipient, template);
        if (sent) {
            count(template, "duplicate");
        }
        return sent;
    }

    /**
     * Runs {@code send}, the try of {@code record} for {@code template}; when it fails, counts it
     * {@code retried}, or {@code failed} if it was the last, and rethrows (the container retries or parks).
     */
    void attempt(String template, org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record, Runnable send) {
        try {
            send.run();
        } catch (RuntimeException e) {
            tryFailed(template, record);
            throw e;
        }
    }

    private void tryFailed(String template, org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record) {
        int attempt = attemptOf(record);
        int attempts = properties.deliveryRetries() + 1;
        String outcome = outcomeOf(attempt, attempts);
        count(template, outcome);
        log.info("{} of {}@{}: try {} of {} failed, {}", template, record.topic(), record.offset(), attempt, attempts,
                outcome.equals("failed") ? "parked in the dead letters" : "tried again");
    }

    static String outcomeOf(int attempt, int attempts) {
        return attempt >= attempts ? "failed" : "retried";
    }

    /** The container's {@code kafka_deliveryAttempt} header (1 for the first delivery). */
    static int attemptOf(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record) {
        org.apache.kafka.common.header.Header header = record.headers()
                .lastHeader(org.springframework.kafka.support.KafkaHeaders.DELIVERY_ATTEMPT);
        return header == null || header.value().length != 4 ? 1 : java.nio.ByteBuffer.wrap(header.value()).getInt();
    }

    void skipped(String template) {
        count(template, "skipped");
    }

    void suppressed(String template) {
        count(template, "suppressed");
    }

    private boolean claim(UUID eventId, String recipient, String template, Locale locale, String subject) {
        if (jdbc.update("insert into notification (event_id, recipient, template, locale, subject, sent_at)"
                + " values (?, ?, ?, ?, ?, ?) on conflict do nothing", eventId, recipient, template,
                locale == null ? null : locale.toLanguageTag(), subject, Timestamp.from(clock.instant())) == 0) {
            count(template, "duplicate");
            return false;
        }
        return true;
    }

    private void count(String template, String outcome) {
        meters.counter("paybus.notifications", "template", template, "outcome", outcome).increment();
    }
}
