package io.paybus.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A normalized provider event as it travels on {@link Topics#PAYMENTS_INBOUND}, keyed by
 * {@link #key()}: the order id of a {@link PaymentEvent}, the subscription id of a
 * {@link SubscriptionEvent}.
 *
 * @param eventId         our id of this event; derived from provider and provider event id, so a
 *                        redelivery of the same provider event carries the same id
 * @param type            the payload's wire name, see {@link EventTypes}
 * @param schemaVersion   version of the envelope and payload schema the record was written with
 * @param provider        who sent it
 * @param providerEventId the provider's id of the delivery's event ({@code evt_…}, {@code WH-…})
 * @param orderId         the order it belongs to; required for a {@link PaymentEvent}, else {@code null}
 * @param subscriptionId  the subscription it belongs to; required for a {@link SubscriptionEvent}
 * @param occurredAt      when the provider says it happened
 * @param receivedAt      when ingest received it
 * @param payload         what happened
 * @param rawPayload      the provider's body, verbatim, for audit and re-normalization
 * @param source          how it reached us: its webhook, or recovered from the provider's API
 *                        ({@code null} is {@link EventSource#WEBHOOK})
 * @param buyer           who paid, as the provider tells (Stripe's receipt email and billing details,
 *                        PayPal's payer); {@code null} when it tells nothing
 */
public record PaymentEnvelope(
        UUID eventId,
        String type,
        int schemaVersion,
        Provider provider,
        String providerEventId,
        String orderId,
        String subscriptionId,
        Instant occurredAt,
        Instant receivedAt,
        ProviderEvent payload,
        String rawPayload,
        EventSource source,
        Customer buyer) {

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    /** An event without buyer details. */
    public PaymentEnvelope(UUID eventId, String type, int schemaVersion, Provider provider, String providerEventId,
            String orderId, String subscriptionId, Instant occurredAt, Instant receivedAt, ProviderEvent payload,
            String rawPayload, EventSource source) {
        this(eventId, type, schemaVersion, provider, providerEventId, orderId, subscriptionId, occurredAt, receivedAt,
                payload, rawPayload, source, null);
    }

    public PaymentEnvelope {
        source = source == null ? EventSource.WEBHOOK : source;
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerEventId, "providerEventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
        if (!EventTypes.nameOf(payload).equals(type)) {
            throw new IllegalArgumentException("type " + type + " does not match payload " + EventTypes.nameOf(payload));
        }
        if (payload instanceof PaymentEvent && (orderId == null || orderId.isBlank())) {
            throw new IllegalArgumentException("a payment event needs its order id");
        }
        if (payload instanceof SubscriptionEvent s && !s.subscriptionRef().equals(subscriptionId)) {
            throw new IllegalArgumentException("a subscription event is keyed by its subscription id");
        }
    }

    /** A payment event of an order, in the current schema version, with type and event id derived. */
    public static PaymentEnvelope of(Provider provider, String providerEventId, String orderId, Instant occurredAt,
            Instant receivedAt, PaymentEvent payload, String rawPayload) {
        return new PaymentEnvelope(eventIdOf(provider, providerEventId), EventTypes.nameOf(payload), SCHEMA_VERSION,
                provider, providerEventId, orderId, null, occurredAt, receivedAt, payload, rawPayload, EventSource.WEBHOOK);
    }

    /** A subscription event, keyed by its subscription, in the current schema version. */
    public static PaymentEnvelope of(Provider provider, String providerEventId, Instant occurredAt,
            Instant receivedAt, SubscriptionEvent payload, String rawPayload) {
        return new PaymentEnvelope(eventIdOf(provider, providerEventId), EventTypes.nameOf(payload), SCHEMA_VERSION,
                provider, providerEventId, null, payload.subscriptionRef(), occurredAt, receivedAt, payload, rawPayload,
                EventSource.WEBHOOK);
    }

    /** The same event, as recovered by {@code source} instead of delivered by its webhook. */
    public PaymentEnvelope recoveredBy(EventSource source) {
        return new PaymentEnvelope(eventId, type, schemaVersion, provider, providerEventId, orderId, subscriptionId,
                occurredAt, receivedAt, payload, rawPayload, source, buyer);
    }

    /** The same event with the buyer the provider named ({@code null}, or a customer without any detail: none). */
    public PaymentEnvelope withBuyer(Customer buyer) {
        Customer known = buyer == null || (buyer.id() == null && buyer.email() == null && buyer.name() == null
                && buyer.locale() == null && buyer.country() == null) ? null : buyer;
        return new PaymentEnvelope(eventId, type, schemaVersion, provider, providerEventId, orderId, subscriptionId,
                occurredAt, receivedAt, payload, rawPayload, source, known);
    }

    /** The Kafka key: the order for payment events, the subscription for subscription events. */
    public String key() {
        return orderId != null ? orderId : subscriptionId;
    }

    /** Same provider event, same id: a name-based UUID of {@code provider:providerEventId}. */
    public static UUID eventIdOf(Provider provider, String providerEventId) {
        return UUID.nameUUIDFromBytes((provider.name() + ":" + providerEventId).getBytes(StandardCharsets.UTF_8));
    }
}
