package io.paybus.order.command;

import java.time.Instant;
import java.util.Comparator;
import java.util.Currency;
import io.paybus.order.command.PaymentFact.DisputeStage;
import java.util.List;

/**
 * What an order has learnt, as an immutable value: the aggregate decides on
 * {@code facts.with…(newFact).status()} and its event-sourcing handlers assign the result. The
 * status is computed from the facts alone, never from the previous status, so every arrival order
 * of the same events gives the same status:
 * the confirmed amount and the highest refund total only grow; among the attempt facts (processing,
 * action required, failed, canceled) the one the provider dated latest counts, ties broken by a
 * fixed rank; a dispute's furthest stage counts; a mismatched payment counts until a right one.
 *
 * @param orderedMinor   what an order placed here asked for; -1 for adopted orders
 * @param confirmedMinor the confirmed payment; -1 while none is
 */
record OrderFacts(Currency currency, long orderedMinor, long confirmedMinor, long refundedMinor, Attempt attempt,
                  boolean disputed, boolean disputeFundsReinstated, boolean disputeClosed,
                  OrderStatus disputeOutcome, boolean mismatched) {

    /** The latest payment attempt fact. */
    record Attempt(OrderStatus status, Instant at, String deliveryKey) {
    }

    /** Later stages of an attempt outrank earlier ones when the provider dated them the same second. */
    private static final List<OrderStatus> ATTEMPT_RANK = List.of(
            OrderStatus.PROCESSING, OrderStatus.REQUIRES_ACTION, OrderStatus.PAYMENT_FAILED, OrderStatus.CANCELED);

    private static final Comparator<Attempt> LATEST = Comparator.comparing(Attempt::at)
            .thenComparing(a -> ATTEMPT_RANK.indexOf(a.status()))
            .thenComparing(Attempt::deliveryKey);

    static final OrderFacts NONE = new OrderFacts(null, -1, -1, 0, null, false, false, false, null, false);

    OrderFacts placed(Currency currency, long orderedMinor) {
        return new OrderFacts(currency, orderedMinor, confirmedMinor, refundedMinor, attempt, disputed,
                disputeFundsReinstated, disputeClosed, disputeOutcome, mismatched);
    }

    /** A confirmed payment; the first one counts. */
    OrderFacts withConfirmed(Currency currency, long minor) {
        return new OrderFacts(currency, orderedMinor, confirmedMinor >= 0 ? confirmedMinor : minor, refundedMinor,
                attempt, disputed, disputeFundsReinstated, disputeClosed, disputeOutcome, mismatched);
    }

    /** A refund total reported by the provider; the highest counts. */
    OrderFacts withRefundTotal(Currency currency, long totalMinor) {
        return new OrderFacts(currency, orderedMinor, confirmedMinor, Math.max(refundedMinor, totalMinor), attempt,
                disputed, disputeFundsReinstated, disputeClosed, disputeOutcome, mismatched);
    }

    OrderFacts withMismatch() {
        return new OrderFacts(currency, orderedMinor, confirmedMinor, refundedMinor, attempt, disputed,
                disputeFundsReinstated, disputeClosed, disputeOutcome, true);
    }

    /** An attempt fact; the one the provider dated latest counts. */
    OrderFacts withAttempt(OrderStatus status, ProviderDelivery delivery) {
        Attempt candidate = new Attempt(status, delivery.occurredAt(), delivery.key());
        Attempt latest = attempt == null || LATEST.compare(candidate, attempt) > 0 ? candidate : attempt;
        return new OrderFacts(currency, orderedMinor, confirmedMinor, refundedMinor, latest, disputed,
                disputeFundsReinstated, disputeClosed, disputeOutcome, mismatched);
    }

    /** A provider fact other than confirmation, failure or refund. */
    OrderFacts withFact(PaymentFact fact, ProviderDelivery delivery) {
        if (fact instanceof PaymentFact.Processing) {
            return withAttempt(OrderStatus.PROCESSING, delivery);
        }
        if (fact instanceof PaymentFact.ActionRequired) {
            return withAttempt(OrderStatus.REQUIRES_ACTION, delivery);
        }
        if (fact instanceof PaymentFact.Canceled) {
            return withAttempt(OrderStatus.CANCELED, delivery);
        }
        if (fact instanceof PaymentFact.Dispute dispute) {
            boolean reinstated = disputeFundsReinstated || dispute.stage() == DisputeStage.FUNDS_REINSTATED;
            boolean closed = disputeClosed || dispute.stage() == DisputeStage.CLOSED;
            OrderStatus outcome = dispute.stage() == DisputeStage.CLOSED
                    ? OrderStatus.ofDisputeOutcome(dispute.outcome()) : disputeOutcome;
            return new OrderFacts(currency, orderedMinor, confirmedMinor, refundedMinor, attempt, true, reinstated,
                    closed, outcome, mismatched);
        }
        return this;
    }

    /**
     * The same knowledge as {@code other}: equal, except that an attempt counts by its status alone
     * (a later date of the same attempt status tells nothing new).
     */
    boolean sameAs(OrderFacts other) {
        OrderStatus mine = attempt == null ? null : attempt.status();
        OrderStatus theirs = other.attempt == null ? null : other.attempt.status();
        return mine == theirs && withAttemptOf(other).equals(other);
    }

    private OrderFacts withAttemptOf(OrderFacts other) {
        return new OrderFacts(currency, orderedMinor, confirmedMinor, refundedMinor, other.attempt, disputed,
                disputeFundsReinstated, disputeClosed, disputeOutcome, mismatched);
    }

    OrderStatus status() {
        if (disputeClosed && disputeOutcome != null) {
            return disputeOutcome;
        }
        if (!disputeClosed && disputeFundsReinstated) {
            return OrderStatus.DISPUTE_WON;
        }
        if (disputed && !disputeClosed) {
            return OrderStatus.DISPUTED;
        }
        if (confirmedMinor < 0 && mismatched) {
            return OrderStatus.PAYMENT_MISMATCH;
        }
        return OrderStatus.ofPayment(confirmedMinor, refundedMinor, attempt == null ? null : attempt.status());
    }
}
