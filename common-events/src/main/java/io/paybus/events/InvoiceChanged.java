package io.paybus.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A subscription's invoice was created, finalized, paid, or failed to be paid: Stripe
 * {@code invoice.created}, {@code .finalized}, {@code .paid}, {@code .payment_failed}.
 *
 * @param attemptCount how many payment attempts the provider made so far
 */
public record InvoiceChanged(String subscriptionRef, Change change, String invoiceRef, String customerRef,
                             Money amountDue, Money amountPaid, String status, Instant periodStart,
                             Instant periodEnd, int attemptCount) implements SubscriptionEvent {

    /** The kinds of invoice change providers report. */
    public enum Change {
        CREATED, FINALIZED, PAID, PAYMENT_FAILED
    }

    public InvoiceChanged {
        Objects.requireNonNull(subscriptionRef, "subscriptionRef");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(invoiceRef, "invoiceRef");
    }
}
