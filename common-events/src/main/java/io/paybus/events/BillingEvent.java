package io.paybus.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link Topics#BILLING_EVENTS} carries, keyed by subscription id: the outcome of each step
 * of a subscription's renewal and dunning. One flat shape for every type; fields that a type does
 * not use are {@code null}.
 *
 * @param eventId       stable per subscription, period, attempt and type: a re-publication carries
 *                      the same id, so consumers drop it
 * @param type          one of {@link #TYPES}
 * @param periodStart   start of the period being renewed
 * @param periodEnd     end of the period being renewed (where the next one starts)
 * @param attempt       which payment attempt of the period, from 1
 * @param amount        what the period cost (renewal.succeeded), when known
 * @param invoiceRef    the provider's invoice
 * @param reason        why a renewal failed or a subscription was canceled
 * @param nextAttemptAt when the next attempt is due (renewal.retry_scheduled)
 * @param occurredAt    when it happened here
 * @param customer      the subscriber's contact as the provider keeps it (what a mail needs), when known
 */
public record BillingEvent(UUID eventId, String type, int schemaVersion, String subscriptionId, String customerId,
                           String provider, Instant periodStart, Instant periodEnd, int attempt, Money amount,
                           String invoiceRef, String reason, Instant nextAttemptAt, Instant occurredAt,
                           Customer customer) {

    public static final int SCHEMA_VERSION = 1;
    public static final String RENEWAL_SUCCEEDED = "renewal.succeeded";
    public static final String RENEWAL_FAILED = "renewal.failed";
    public static final String RENEWAL_RETRY_SCHEDULED = "renewal.retry_scheduled";
    public static final String SUBSCRIPTION_PAST_DUE = "subscription.past_due";
    public static final String SUBSCRIPTION_CANCELED = "subscription.canceled";
    /** A period ends (and renews) within the configured notice: what a renewal notice is sent on. */
    public static final String RENEWAL_UPCOMING = "renewal.upcoming";
    public static final List<String> TYPES = List.of(RENEWAL_SUCCEEDED, RENEWAL_FAILED, RENEWAL_RETRY_SCHEDULED,
            SUBSCRIPTION_PAST_DUE, SUBSCRIPTION_CANCELED, RENEWAL_UPCOMING);

    public BillingEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown billing event type " + type);
        }
    }

    /** An event with its stable id derived from subscription, period, attempt and type. */
    public static BillingEvent of(String type, String subscriptionId, String customerId, String provider,
            Instant periodStart, Instant periodEnd, int attempt, Money amount, String invoiceRef, String reason,
            Instant nextAttemptAt, Instant occurredAt) {
        UUID id = UUID.nameUUIDFromBytes((subscriptionId + ":" + periodStart + ":" + attempt + ":" + type)
                .getBytes(StandardCharsets.UTF_8));
        return new BillingEvent(id, type, SCHEMA_VERSION, subscriptionId, customerId, provider, periodStart,
                periodEnd, attempt, amount, invoiceRef, reason, nextAttemptAt, occurredAt, null);
    }

    /** The same event, with the subscriber's contact. */
    public BillingEvent withCustomer(Customer contact) {
        return new BillingEvent(eventId, type, schemaVersion, subscriptionId, customerId, provider, periodStart,
                periodEnd, attempt, amount, invoiceRef, reason, nextAttemptAt, occurredAt, contact);
    }
}
