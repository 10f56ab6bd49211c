package io.paybus.order.command;

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
 */
public record ProviderDelivery(String provider, String providerEventId, Instant occurredAt, Instant receivedAt) {

    public ProviderDelivery {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerEventId, "providerEventId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public String key() {
        return provider + ":" + providerEventId;
    }
}
