package io.paybus.ingest.webhook;

import io.paybus.events.PaymentEnvelope;

/**
 * The 200 body of a webhook: {@code accepted} (published, with our event id and the order),
 * {@code duplicate} (published before) or {@code ignored} (verified, but a type Paybus does not
 * act on).
 */
public record WebhookAnswer(String status, String type, String eventId, String orderId, String subscriptionId) {

    public static WebhookAnswer accepted(PaymentEnvelope envelope) {
        return new WebhookAnswer("accepted", envelope.type(), envelope.eventId().toString(), envelope.orderId(),
                envelope.subscriptionId());
    }

    /** Published before: acknowledged again, not published again. */
    public static WebhookAnswer duplicate(PaymentEnvelope envelope) {
        return new WebhookAnswer("duplicate", envelope.type(), envelope.eventId().toString(), envelope.orderId(),
                envelope.subscriptionId());
    }

    public static WebhookAnswer ignored(String providerType) {
        return new WebhookAnswer("ignored", providerType, null, null, null);
    }
}
