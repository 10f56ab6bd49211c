package io.paybus.order.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.events.Money;
import io.paybus.order.command.OrderCommand;
import io.paybus.order.command.PaymentFact;
import io.paybus.order.gateway.ProviderPayment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentSnapshotsTest {

    private static final Instant READ = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aCapturedRefundedPaymentIsAConfirmationAndARefundTotalNamingWhatWasCaptured() {
        ProviderPayment paypal = new ProviderPayment("PAYPAL", "5O190127TN364715T", "COMPLETED", "PARTIALLY_REFUNDED",
                Money.of(1234, "eur"), Money.of(1234, "eur"), 234, "o1", "2GG279541U471931P");

        List<OrderCommand> commands = PaymentSnapshots.commands("o1", paypal, READ);

        assertThat(commands).hasSize(2);
        OrderCommand.ConfirmPayment confirm = (OrderCommand.ConfirmPayment) commands.get(0);
        assertThat(confirm.paymentRef()).as("refunds name the capture").isEqualTo("2GG279541U471931P");
        assertThat(confirm.delivery().snapshot()).isTrue();
        assertThat(confirm.delivery().occurredAt()).isEqualTo(READ);
        assertThat(((OrderCommand.RecordRefund) commands.get(1)).refundedTotal()).isEqualTo(Money.of(234, "eur"));
        assertThat(PaymentSnapshots.commands("o1", paypal, READ.plusSeconds(5)).get(0).delivery().key())
                .as("the same view, the same delivery").isEqualTo(confirm.delivery().key());
    }

    @Test
    void anUncapturedPaymentIsItsAttemptAndAWaitingOneNothing() {
        ProviderPayment canceled = new ProviderPayment("STRIPE", "pi_1", "canceled", "CANCELED", Money.of(100, "eur"),
                null, 0, "o2", null);
        assertThat(PaymentSnapshots.commands("o2", canceled, READ)).singleElement().satisfies(c ->
                assertThat(((OrderCommand.RecordPaymentFact) c).fact()).isInstanceOf(PaymentFact.Canceled.class));
        ProviderPayment failed = new ProviderPayment("STRIPE", "pi_1", "requires_payment_method", "PAYMENT_FAILED",
                Money.of(100, "eur"), null, 0, "o2", null);
        assertThat(PaymentSnapshots.commands("o2", failed, READ)).singleElement()
                .isInstanceOf(OrderCommand.RecordPaymentFailure.class);
        ProviderPayment waiting = new ProviderPayment("STRIPE", "pi_1", "requires_payment_method", "AWAITING_PAYMENT",
                Money.of(100, "eur"), null, 0, "o2", null);
        assertThat(PaymentSnapshots.commands("o2", waiting, READ)).isEmpty();
    }
}
