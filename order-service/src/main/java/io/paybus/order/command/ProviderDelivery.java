package io.paybus.order.command;

import io.paybus.events.EventSource;
import java.time.Instant;
import java.util.Objects;

/**
 * Which provider event a fact came from. {@link #key()} identifies the delivery across retries:
 * the same provider event delivered again has the same key and changes nothing.
 *
 * @param provider        {@code STRIPE}, {@code PAYPAL}
 * @param providerEventId the provider's event id
 * @param occurredAt      when the provider says it happened
 * @param receivedAt      when ingest received it
 * @param buyer           who paid, as the provider's event tells ({@code null}: it told nothing, and
 *                        in events stored before it existed); completes the order's customer where the
 *                        merchant left a part empty, never overrides it
 */
public record ProviderDelivery(String provider, String providerEventId, Instant occurredAt, Instant receivedAt,
                               io.paybus.events.Customer buyer) {

    /** A delivery that names no buyer. */
    public ProviderDelivery(String provider, String providerEventId, Instant occurredAt, Instant receivedAt) {
        this(provider, providerEventId, occurredAt, receivedAt, null);
    }

    public ProviderDelivery {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerEventId, "providerEventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** Requests made through our own API carry this provider name. */
    public static final String PAYBUS = "PAYBUS";

    /** A request of our own API, e.g. {@code place} or {@code refund:<request id>}, made at {@code at}. */
    public static ProviderDelivery ourApi(String request, Instant at) {
        return new ProviderDelivery(PAYBUS, request, at, at);
    }

    /**
     * A snapshot: what a provider object's state implies, read from its API at {@code occurredAt}
     * (object backfill, drift repair), not an event the provider sent. Recorded only when it tells
     * the order something it does not know yet.
     */
    public boolean snapshot() {
        return providerEventId.startsWith(EventSource.SNAPSHOT_PREFIX);
    }

    public boolean fromOurApi() {
        return PAYBUS.equals(provider);
    }

    public String key() {
        return provider + ":" + providerEventId;
    }
}
