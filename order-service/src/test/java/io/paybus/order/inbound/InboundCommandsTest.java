package io.paybus.order.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.events.DisputeOpened;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.events.SubscriptionChanged;
import io.paybus.order.command.OrderCommand;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InboundCommandsTest {

    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void aConfirmedPaymentBecomesConfirmPayment() {
        var envelope = PaymentEnvelope.of(Provider.STRIPE, "evt_1", "order-1", AT, AT,
                new PaymentSucceeded("pi_1", Money.of(100, "usd")), null);

        assertThat(InboundCommands.from(envelope)).get().isInstanceOf(OrderCommand.ConfirmPayment.class);
    }

    @Test
    void otherPaymentEventsBecomeFactsOfTheOrder() {
        var envelope = PaymentEnvelope.of(Provider.STRIPE, "evt_2", "order-1", AT, AT,
                new DisputeOpened("pi_1", "dp_1", Money.of(100, "usd"), "fraudulent"), null);

        assertThat(InboundCommands.from(envelope)).get().isEqualTo(new OrderCommand.RecordPaymentFact(
                io.paybus.order.command.OrderId.of("order-1"),
                new io.paybus.order.command.ProviderDelivery("STRIPE", "evt_2", AT, AT), "pi_1",
                new io.paybus.order.command.PaymentFact.Dispute("dp_1",
                        io.paybus.order.command.PaymentFact.DisputeStage.OPENED, null)));
    }

    @Test
    void subscriptionEventsAreNotTheOrderServicesBusiness() {
        var envelope = PaymentEnvelope.of(Provider.STRIPE, "evt_3", AT, AT, new SubscriptionChanged("sub_1",
                SubscriptionChanged.Change.CREATED, "cus_1", "active", "price_1", null, null, null, false), null);

        assertThat(InboundCommands.from(envelope)).isEmpty();
    }
}
