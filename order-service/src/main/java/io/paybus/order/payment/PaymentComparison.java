package io.paybus.order.payment;

import io.paybus.order.gateway.ProviderPayment;
import io.paybus.order.query.OrderView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where our view of an order and its provider's view of the payment differ, field by field: the
 * status (ours against the one the provider's state implies), amount, currency, what was received,
 * what was refunded, and the order the provider files the payment under. A pure rule: no I/O.
 */
public final class PaymentComparison {

    /** One field on which we and the provider disagree. */
    public record Difference(String field, Object ours, Object theirs) {
    }

    private static final Set<String> DISPUTES = Set.of("DISPUTED", "DISPUTE_WON", "DISPUTE_LOST");
    private static final Set<String> PAID = Set.of("PAID", "PARTIALLY_REFUNDED", "REFUNDED", "DISPUTED", "DISPUTE_WON",
            "DISPUTE_LOST");

    private PaymentComparison() {
    }

    public static List<Difference> compare(OrderView ours, ProviderPayment theirs) {
        List<Difference> differences = new ArrayList<>();
        String implied = theirs.impliedStatus();
        boolean sameDispute = DISPUTES.contains(ours.status()) && DISPUTES.contains(implied);
        if (implied != null && !implied.equals(ours.status()) && !sameDispute) {
            differences.add(new Difference("status", ours.status(), implied));
        }
        if (theirs.amount() != null) {
            if (ours.amount() != null && ours.amount() != theirs.amount().minor()) {
                differences.add(new Difference("amount", ours.amount(), theirs.amount().minor()));
            }
            String currency = theirs.amount().currency().getCurrencyCode();
            if (ours.currency() != null && !ours.currency().equals(currency)) {
                differences.add(new Difference("currency", ours.currency(), currency));
            }
        }
        if (PAID.contains(ours.status()) && ours.amount() != null) {
            Long received = theirs.received() == null ? null : theirs.received().minor();
            if (!Objects.equals(received, ours.amount())) {
                differences.add(new Difference("received", ours.amount(), received));
            }
        }
        if (theirs.refundedMinor() >= 0 && theirs.refundedMinor() != ours.refunded()) {
            differences.add(new Difference("refunded", ours.refunded(), theirs.refundedMinor()));
        }
        if (theirs.orderId() != null && !theirs.orderId().equals(ours.orderId())) {
            differences.add(new Difference("orderId", ours.orderId(), theirs.orderId()));
        }
        return differences;
    }
}
