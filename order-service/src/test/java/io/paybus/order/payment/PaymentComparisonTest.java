package io.paybus.order.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.events.Money;
import io.paybus.order.gateway.ProviderPayment;
import io.paybus.order.payment.PaymentComparison.Difference;
import io.paybus.order.query.OrderView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PaymentComparisonTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aPaymentBothSidesAgreeOnHasNoDifferences() {
        assertThat(PaymentComparison.compare(ours("PAID", 1500L, 0), theirs("PAID", 1500, 1500L, 0, "o1"))).isEmpty();
    }

    @Test
    void aRefundWeNeverHeardOfIsAStatusAndARefundedDifference() {
        assertThat(PaymentComparison.compare(ours("PAID", 1500L, 0), theirs("PARTIALLY_REFUNDED", 1500, 1500L, 500, "o1")))
                .containsExactly(new Difference("status", "PAID", "PARTIALLY_REFUNDED"),
                        new Difference("refunded", 0L, 500L));
    }

    @Test
    void anotherAmountCurrencyOrOrderIsNamed() {
        ProviderPayment other = new ProviderPayment("STRIPE", "pi_1", "succeeded", "PAID", Money.of(100, "usd"),
                Money.of(100, "usd"), 0, "o2", "pi_1");
        assertThat(PaymentComparison.compare(ours("PAID", 1500L, 0), other)).extracting(Difference::field)
                .containsExactly("amount", "currency", "received", "orderId");
    }

    @Test
    void disputesAgreeWhateverTheirOutcomeAndUnknownRefundsAreNotCompared() {
        assertThat(PaymentComparison.compare(ours("DISPUTE_LOST", 1500L, 0), theirs("DISPUTED", 1500, 1500L, -1, "o1")))
                .isEmpty();
    }

    @Test
    void aPaidOrderWhoseProviderReceivedNothingIsNamed() {
        assertThat(PaymentComparison.compare(ours("PAID", 1500L, 0), theirs("AWAITING_PAYMENT", 1500, null, 0, "o1")))
                .containsExactly(new Difference("status", "PAID", "AWAITING_PAYMENT"),
                        new Difference("received", 1500L, null));
    }

    private static OrderView ours(String status, Long amount, long refunded) {
        return new OrderView("o1", status, "STRIPE", "pi_1", amount, "EUR", refunded, AT, AT, null, null);
    }

    private static ProviderPayment theirs(String implied, long amount, Long received, long refunded, String orderId) {
        return new ProviderPayment("STRIPE", "pi_1", "succeeded", implied, Money.of(amount, "eur"),
                received == null ? null : Money.of(received, "eur"), refunded, orderId, received == null ? null : "pi_1");
    }
}
