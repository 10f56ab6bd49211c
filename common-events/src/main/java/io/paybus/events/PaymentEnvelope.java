package io.paybus.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A normalized provider event as it travels on {@link Topics#PAYMENTS_INBOUND}, keyed by
 * {@link #orderId()}.
 *
 * @param eventId         our id of this event; derived from provider and provider event id, so a
 *                        redelivery of the same provider event carries the same id
 * @param type            the payload's wire name, see {@link #typeOf(PaymentEvent)}
 * @param schemaVersion   version of the envelope and payload schema the record was written with
 * @param provider        who sent it
 * @param providerEventId the provider's id of the delivery's event ({@code evt_…}, {@code WH-…})
 * @param orderId         the order it belongs to; also the Kafka key
 * @param occurredAt      when the provider says it happened
 * @param receivedAt      when ingest received it
 * @param payload         what happened
 * @param rawPayload      the provider's body, verbatim, for audit and re-normalization
 */
public record PaymentEnvelope(
        UUID eventId,
        String type,
        int schemaVersion,
        Provider provider,
        String providerEventId,
        String orderId,
        Instant occurredAt,
        Instant receivedAt,
        PaymentEvent payload,
        String rawPayload) {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    public PaymentEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerEventId, "providerEventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
        if (!typeOf(payload).equals(type)) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + typeOf(payload));
        }
    }

    /** A new envelope in the current schema version, with the type and event id derived. */
    public static PaymentEnvelope of(Provider provider, String providerEventId, String orderId, Instant occurredAt,
            Instant receivedAt, PaymentEvent payload, String rawPayload) {
        return new PaymentEnvelope(eventIdOf(provider, providerEventId), typeOf(payload), SCHEMA_VERSION, provider,
                providerEventId, orderId, occurredAt, receivedAt, payload, rawPayload);
    }

    /** Same provider event, same id: a name-based UUID of {@code provider:providerEventId}. */
    public static UUID eventIdOf(Provider provider, String providerEventId) {
        return UUID.nameUUIDFromBytes((provider.name() + ":" + providerEventId).getBytes(StandardCharsets.UTF_8));
    }

    /** The wire name of a payload type. */
    public static String typeOf(PaymentEvent payload) {
        // Java 17: no pattern switch yet; the sealed interface keeps this list complete.
        if (payload instanceof PaymentSucceeded) {
            return "payment.succeeded";
        } else if (payload instanceof PaymentFailed) {
            return "payment.failed";
        } else if (payload instanceof PaymentRefunded) {
            return "payment.refunded";
        }
        throw new IllegalArgumentException("unknown payload " + payload);
    }
}
