package io.paybus.notification;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Under {@code paybus.notification}.
 *
 * @param from              the sender of every mail
 * @param defaultLocale     the language of a buyer who named none (BCP 47)
 * @param operators         who gets operators' alerts by mail
 * @param alertWebhook      a Slack/Teams-style incoming webhook for operators' alerts ({@code {"text": …}}); empty: none
 * @param receiptsUrl       the billing service's address: its receipts are attached (or linked)
 * @param publicUrl         this service's address as a mail's reader reaches it, for unsubscribe links
 * @param unsubscribeSecret the key of the unsubscribe links' tokens (a random one per start when empty:
 *                          links then end with the process; set one in production)
 * @param receiptsApiKey    a key with {@code billing:read} to read them; without one the receipt is linked, not attached
 * @param deliveryRetries   tries of a record whose mail or webhook failed, before its dead letter
 * @param deliveryRetryWait the wait before the first retry; it doubles from there
 * @param deliveryRetryMaxWait the longest wait between two tries
 */
@ConfigurationProperties("paybus.notification")
public record NotificationProperties(
        @DefaultValue("Paybus <receipts@paybus.local>") String from,
        @DefaultValue("en") String defaultLocale,
        @DefaultValue List<String> operators,
        String alertWebhook,
        @DefaultValue("http://127.0.0.1:18083") String receiptsUrl,
        String receiptsApiKey,
        @DefaultValue("http://127.0.0.1:18084") String publicUrl,
        String unsubscribeSecret,
        @DefaultValue("30") int deliveryRetries,
        @DefaultValue("2s") Duration deliveryRetryWait,
        @DefaultValue("1m") Duration deliveryRetryMaxWait) {
}
