package io.paybus.order.command;

import io.paybus.order.command.OrderEvent.RefundRequestFailed;
import io.paybus.order.command.OrderEvent.RefundRequested;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.events.Money;
import io.paybus.order.command.OrderCommand.ConfirmPayment;
import io.paybus.order.command.OrderCommand.RecordPaymentFailure;
import io.paybus.order.command.OrderCommand.RecordRefund;
import io.paybus.order.command.OrderEvent.PaymentConfirmed;
import io.paybus.order.command.OrderEvent.PaymentFactRecorded;
import io.paybus.order.command.OrderEvent.PaymentFailureRecorded;
import io.paybus.order.command.OrderEvent.RefundRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderTest {

    private static final OrderId ORDER = OrderId.of("order-1");
    private static final Instant AT = Instant.parse("2026-11-23T12:00:00Z");

    private AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    @Test
    void aConfirmedPaymentAdoptsTheOrderAndMarksItPaid() {
        fixture.givenNoPriorActivity()
                .when(confirm("evt_1", 1099))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1099), OrderStatus.PAID));
    }

    @Test
    void aRedeliveredProviderEventChangesNothingAndEmitsNothing() {
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1099), OrderStatus.PAID))
                .when(confirm("evt_1", 1099))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aFailureNeverMarksAnOrderPaidAndDoesNotUndoAPayment() {
        fixture.givenNoPriorActivity()
                .when(fail("evt_f"))
                .expectEvents(new PaymentFailureRecorded(ORDER, delivery("evt_f"), "pi_1", "card_declined",
                        "declined", OrderStatus.PAYMENT_FAILED));

        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1099), OrderStatus.PAID))
                .when(fail("evt_f"))
                .expectEvents(new PaymentFailureRecorded(ORDER, delivery("evt_f"), "pi_1", "card_declined",
                        "declined", OrderStatus.PAID));
    }

    /** The ranking of interventions: each counts as the fact it stands for, at the moment it was made. */
    @Test
    void aManualMarkPaidCountsAsAConfirmationAndGenuineLaterFactsStillMoveTheOrder() {
        ProviderDelivery by = ProviderDelivery.ourApi("intervention:1", AT.plusSeconds(100));
        OrderEvent.InterventionRecorded marked = new OrderEvent.InterventionRecorded(ORDER, by,
                Intervention.MARK_PAID, "key:ops", "ticket 9: paid, webhook lost", "pi_1", usd(1000), "STRIPE", OrderStatus.PAID);
        fixture.given(new PaymentFailureRecorded(ORDER, delivery("evt_f", 5), "pi_1", "card_declined", "declined",
                        OrderStatus.PAYMENT_FAILED))
                .when(new OrderCommand.Intervene(ORDER, by, Intervention.MARK_PAID, "key:ops",
                        "ticket 9: paid, webhook lost", "pi_1", usd(1000)))
                .expectEvents(marked);
        // An older failure never undoes it; a later refund or dispute does move the order.
        fixture.given(marked).when(fail("evt_f_old"))
                .expectEvents(new PaymentFailureRecorded(ORDER, delivery("evt_f_old"), "pi_1", "card_declined",
                        "declined", OrderStatus.PAID));
        fixture.given(marked).when(refund("evt_r", 400))
                .expectEvents(new RefundRecorded(ORDER, delivery("evt_r"), "pi_1", usd(400),
                        OrderStatus.PARTIALLY_REFUNDED));
        // A paid order is not marked paid again, nor failed, nor canceled: refund it instead.
        for (Intervention action : List.of(Intervention.MARK_PAID, Intervention.MARK_FAILED, Intervention.CANCEL)) {
            fixture.given(marked).when(new OrderCommand.Intervene(ORDER, ProviderDelivery.ourApi("intervention:2",
                            AT.plusSeconds(200)), action, "key:ops", "again", "pi_1", usd(1000)))
                    .expectException(InterventionRefusedException.class);
        }
    }

    @Test
    void aManualFailureOrCancelIsAnAttemptOfItsMomentAndAGenuinePaymentStillCounts() {
        ProviderDelivery by = ProviderDelivery.ourApi("intervention:c", AT.plusSeconds(30));
        OrderEvent.InterventionRecorded canceled = new OrderEvent.InterventionRecorded(ORDER, by, Intervention.CANCEL,
                "key:ops", "the buyer gave up", null, null, "STRIPE", OrderStatus.CANCELED);
        fixture.given(new PaymentFactRecorded(ORDER, delivery("evt_p", 10), "pi_1", new PaymentFact.Processing(),
                        OrderStatus.PROCESSING))
                .when(new OrderCommand.Intervene(ORDER, by, Intervention.CANCEL, "key:ops", "the buyer gave up", null,
                        null))
                .expectEvents(canceled);
        // A provider attempt dated before the cancel does not undo it; one dated after does; a payment always counts.
        fixture.given(canceled).when(fail("evt_old", 20)).expectEvents(new PaymentFailureRecorded(ORDER,
                delivery("evt_old", 20), "pi_1", "card_declined", "declined", OrderStatus.CANCELED));
        fixture.given(canceled).when(fail("evt_new", 40)).expectEvents(new PaymentFailureRecorded(ORDER,
                delivery("evt_new", 40), "pi_1", "card_declined", "declined", OrderStatus.PAYMENT_FAILED));
        fixture.given(canceled).when(confirm("evt_1", 1099)).expectEvents(new PaymentConfirmed(ORDER,
                delivery("evt_1"), "pi_1", usd(1099), OrderStatus.PAID));
        // A note changes nothing but the history.
        fixture.given(canceled).when(new OrderCommand.Intervene(ORDER, ProviderDelivery.ourApi("intervention:n",
                        AT.plusSeconds(50)), Intervention.NOTE, "key:ops", "called the buyer", null, null))
                .expectEvents(new OrderEvent.InterventionRecorded(ORDER, ProviderDelivery.ourApi("intervention:n",
                        AT.plusSeconds(50)), Intervention.NOTE, "key:ops", "called the buyer", null, null,
                        "STRIPE", OrderStatus.CANCELED));
    }

    @Test
    void refundsAccumulateToRefunded() {
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .when(refund("evt_r1", 400))
                .expectEvents(new RefundRecorded(ORDER, delivery("evt_r1"), "pi_1", usd(400),
                        OrderStatus.PARTIALLY_REFUNDED));

        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID),
                        new RefundRecorded(ORDER, delivery("evt_r1"), "pi_1", usd(400), OrderStatus.PARTIALLY_REFUNDED))
                .when(refund("evt_r2", 1000))
                .expectEvents(new RefundRecorded(ORDER, delivery("evt_r2"), "pi_1", usd(1000), OrderStatus.REFUNDED));
    }

    @Test
    void informationalFactsAreKeptInHistoryWithoutChangingTheStatus() {
        var charge = new PaymentFact.Informational("charge.succeeded");
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .when(new OrderCommand.RecordPaymentFact(ORDER, delivery("evt_c"), "pi_1", charge))
                .expectEvents(new OrderEvent.PaymentFactRecorded(ORDER, delivery("evt_c"), "pi_1", charge,
                        OrderStatus.PAID));

        fixture.given(new OrderEvent.PaymentFactRecorded(ORDER, delivery("evt_c"), "pi_1", charge,
                        OrderStatus.AWAITING_PAYMENT))
                .when(new OrderCommand.RecordPaymentFact(ORDER, delivery("evt_c"), "pi_1", charge))
                .expectNoEvents();
    }

    @Test
    void aDisputeOutranksPaymentAndEndsWonOrLost() {
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .when(dispute("evt_d1", PaymentFact.DisputeStage.OPENED, null))
                .expectEvents(new OrderEvent.PaymentFactRecorded(ORDER, delivery("evt_d1"), "pi_1",
                        new PaymentFact.Dispute("dp_1", PaymentFact.DisputeStage.OPENED, null), OrderStatus.DISPUTED));

        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .andGivenCommands(dispute("evt_d1", PaymentFact.DisputeStage.OPENED, null))
                .when(dispute("evt_d2", PaymentFact.DisputeStage.CLOSED, "lost"))
                .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.DISPUTE_LOST));

        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .andGivenCommands(dispute("evt_d1", PaymentFact.DisputeStage.OPENED, null))
                .when(dispute("evt_d2", PaymentFact.DisputeStage.CLOSED, "warning_closed"))
                .expectState(order -> assertThat(order.status()).isEqualTo(OrderStatus.PAID));
    }

    @Test
    void refundsCanNeverExceedTheCapturedAmount() {
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .when(refund("evt_r", 1001))
                .expectException(RefundExceedsCaptureException.class)
                .expectNoEvents();
    }

    @Test
    void anEventInAnotherCurrencyIsRefused() {
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .when(new RecordRefund(ORDER, delivery("evt_r"), "pi_1", Money.of(100, "EUR")))
                .expectException(CurrencyMismatchException.class)
                .expectNoEvents();
    }

    static Stream<Arguments> eventSets() {
        return Stream.of(
                Arguments.of(List.of(processing("a", 0), action("b", 1), fail("c", 2)), OrderStatus.PAYMENT_FAILED),
                Arguments.of(List.of(fail("a", 0), processing("b", 5)), OrderStatus.PROCESSING),
                Arguments.of(List.of(action("a", 0), canceled("b", 9)), OrderStatus.CANCELED),
                Arguments.of(List.of(processing("a", 0), fail("b", 1), confirm("c", 1000)), OrderStatus.PAID),
                Arguments.of(List.of(confirm("a", 1000), dispute("b", PaymentFact.DisputeStage.OPENED, null),
                        dispute("c", PaymentFact.DisputeStage.FUNDS_WITHDRAWN, null)), OrderStatus.DISPUTED),
                Arguments.of(List.of(confirm("a", 1000), dispute("b", PaymentFact.DisputeStage.OPENED, null),
                        dispute("c", PaymentFact.DisputeStage.FUNDS_WITHDRAWN, null),
                        dispute("d", PaymentFact.DisputeStage.CLOSED, "lost")), OrderStatus.DISPUTE_LOST),
                Arguments.of(List.of(confirm("a", 1000), dispute("b", PaymentFact.DisputeStage.OPENED, null),
                        dispute("c", PaymentFact.DisputeStage.FUNDS_REINSTATED, null),
                        dispute("d", PaymentFact.DisputeStage.CLOSED, "won")), OrderStatus.DISPUTE_WON),
                Arguments.of(List.of(confirm("a", 1000), refund("b", 400), fail("c", 3),
                        dispute("d", PaymentFact.DisputeStage.CLOSED, "won")), OrderStatus.DISPUTE_WON),
                Arguments.of(List.of(confirm("a", 1000), refund("b", 1000)), OrderStatus.REFUNDED),
                Arguments.of(List.of(confirm("a", 1000), refund("b", 300), refund("c", 600)),
                        OrderStatus.PARTIALLY_REFUNDED),
                Arguments.of(List.of(fail("a"), confirm("b", 1000)), OrderStatus.PAID),
                Arguments.of(List.of(fail("a"), fail("b"), confirm("c", 1000), refund("d", 1000)),
                        OrderStatus.REFUNDED),
                Arguments.of(List.of(fail("a"), refund("b", 200)), OrderStatus.PAYMENT_FAILED));
    }

    /** Providers do not order deliveries: every arrival order, redeliveries included, ends the same. */
    @ParameterizedTest
    @MethodSource("eventSets")
    void everyArrivalOrderEndsInTheSameStatus(List<OrderCommand> commands, OrderStatus expected) {
        for (List<OrderCommand> arrival : permutations(commands)) {
            List<OrderCommand> withRedelivery = new ArrayList<>(arrival);
            withRedelivery.add(arrival.get(0));
            AggregateTestFixture<Order> f = new AggregateTestFixture<>(Order.class);
            f.givenCommands(withRedelivery.subList(0, withRedelivery.size() - 1))
                    .when(withRedelivery.get(withRedelivery.size() - 1))
                    .expectNoEvents()
                    .expectState(order -> assertThat(order.status()).as("arrival %s", arrival).isEqualTo(expected));
        }
    }

    @Test
    void aPlacedOrderAwaitsPaymentAndAPlacementRetryChangesNothing() {
        ProviderDelivery placed = ProviderDelivery.ourApi("place", AT);
        fixture.givenNoPriorActivity()
                .when(new OrderCommand.PlaceOrder(ORDER, placed, "STRIPE", "pi_1", usd(1000), "cart-7"))
                .expectEvents(new OrderEvent.OrderPlaced(ORDER, placed, "STRIPE", "pi_1", usd(1000), "cart-7",
                        OrderStatus.AWAITING_PAYMENT));

        fixture.given(new OrderEvent.OrderPlaced(ORDER, placed, "STRIPE", "pi_1", usd(1000), null,
                        OrderStatus.AWAITING_PAYMENT))
                .when(new OrderCommand.PlaceOrder(ORDER, placed, "STRIPE", "pi_1", usd(1000), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();

        fixture.given(new OrderEvent.OrderPlaced(ORDER, placed, "STRIPE", "pi_1", usd(1000), null,
                        OrderStatus.AWAITING_PAYMENT))
                .when(new OrderCommand.PlaceOrder(ORDER, placed, "STRIPE", "pi_other", usd(1000), null))
                .expectException(OrderAlreadyPlacedException.class);
    }

    @Test
    void aPaymentThatArrivedBeforeThePlacementKeepsTheOrderPaid() {
        ProviderDelivery placed = ProviderDelivery.ourApi("place", AT);
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID))
                .when(new OrderCommand.PlaceOrder(ORDER, placed, "STRIPE", "pi_1", usd(1000), null))
                .expectEvents(new OrderEvent.OrderPlaced(ORDER, placed, "STRIPE", "pi_1", usd(1000), null,
                        OrderStatus.PAID));
    }

    @Test
    void refundRequestsAreReservedAndNeverExceedTheCapture() {
        ProviderDelivery r1 = ProviderDelivery.ourApi("refund:r1", AT);
        ProviderDelivery r2 = ProviderDelivery.ourApi("refund:r2", AT);
        fixture.givenNoPriorActivity()
                .when(new OrderCommand.RequestRefund(ORDER, r1, "r1", 100L, null))
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);

        fixture.given(new OrderEvent.OrderPlaced(ORDER, ProviderDelivery.ourApi("place", AT), "STRIPE", "pi_1",
                        usd(1000), null, OrderStatus.AWAITING_PAYMENT))
                .when(new OrderCommand.RequestRefund(ORDER, r1, "r1", 100L, null))
                .expectException(OrderNotRefundableException.class);

        PaymentConfirmed paid = new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID);
        RefundRequested reserved = new RefundRequested(ORDER, r1, "r1", usd(600), null, OrderStatus.PAID);
        fixture.given(paid)
                .when(new OrderCommand.RequestRefund(ORDER, r1, "r1", 600L, null))
                .expectEvents(reserved)
                .expectResultMessagePayload(new RefundTarget("r1", "STRIPE", "pi_1", usd(600)));
        fixture.given(paid, reserved)
                .when(new OrderCommand.RequestRefund(ORDER, r2, "r2", 401L, null))
                .expectException(RefundExceedsCaptureException.class);
        fixture.given(paid, reserved)
                .when(new OrderCommand.RequestRefund(ORDER, r1, "r1", 600L, null))
                .expectNoEvents()
                .expectResultMessagePayload(new RefundTarget("r1", "STRIPE", "pi_1", usd(600)));
        fixture.given(paid, reserved)
                .when(new OrderCommand.RequestRefund(ORDER, r2, "r2", null, null))
                .expectEvents(new RefundRequested(ORDER, r2, "r2", usd(400), null, OrderStatus.PAID));
        // A refused request gives its amount back.
        ProviderDelivery outcome = ProviderDelivery.ourApi("refund-outcome:r1", AT);
        fixture.given(paid, reserved, new RefundRequestFailed(ORDER, outcome, "r1", "provider_rejected",
                        OrderStatus.PAID))
                .when(new OrderCommand.RequestRefund(ORDER, r2, "r2", 1000L, null))
                .expectEvents(new RefundRequested(ORDER, r2, "r2", usd(1000), null, OrderStatus.PAID));
    }

    private static List<List<OrderCommand>> permutations(List<OrderCommand> items) {
        if (items.size() <= 1) {
            return List.of(items);
        }
        List<List<OrderCommand>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<OrderCommand> rest = new ArrayList<>(items);
            OrderCommand head = rest.remove(i);
            for (List<OrderCommand> tail : permutations(rest)) {
                List<OrderCommand> p = new ArrayList<>();
                p.add(head);
                p.addAll(tail);
                all.add(p);
            }
        }
        return all;
    }

    @Test
    void aPaymentForAnotherAmountOrIntentNeverMarksAPlacedOrderPaid() {
        OrderEvent.OrderPlaced placed = new OrderEvent.OrderPlaced(ORDER, ProviderDelivery.ourApi("place", AT), "STRIPE",
                "pi_1", usd(150_000), null, OrderStatus.AWAITING_PAYMENT);

        fixture.given(placed)
                .when(confirm("evt_less", 10_000))
                .expectEvents(new OrderEvent.PaymentMismatched(ORDER, delivery("evt_less"), "pi_1", usd(10_000),
                        usd(150_000), "pi_1", "amount received 10000 USD, ordered 150000 USD",
                        OrderStatus.PAYMENT_MISMATCH));
        fixture.given(placed)
                .when(new ConfirmPayment(ORDER, delivery("evt_other"), "pi_someone_else", usd(150_000)))
                .expectEvents(new OrderEvent.PaymentMismatched(ORDER, delivery("evt_other"), "pi_someone_else",
                        usd(150_000), usd(150_000), "pi_1", "payment pi_someone_else is not the order's pi_1",
                        OrderStatus.PAYMENT_MISMATCH));
        fixture.given(placed)
                .when(new ConfirmPayment(ORDER, delivery("evt_eur"), "pi_1", Money.of(150_000, "eur")))
                .expectEvents(new OrderEvent.PaymentMismatched(ORDER, delivery("evt_eur"), "pi_1",
                        Money.of(150_000, "eur"), usd(150_000), "pi_1", "currency received EUR, ordered USD",
                        OrderStatus.PAYMENT_MISMATCH));
        // The genuine payment still counts, whenever it arrives.
        fixture.given(placed, new OrderEvent.PaymentMismatched(ORDER, delivery("evt_less"), "pi_1", usd(10_000),
                        usd(150_000), "pi_1", "amount received 10000 USD, ordered 150000 USD",
                        OrderStatus.PAYMENT_MISMATCH))
                .when(confirm("evt_right", 150_000))
                .expectEvents(new PaymentConfirmed(ORDER, delivery("evt_right"), "pi_1", usd(150_000), OrderStatus.PAID));
        fixture.given(placed, new PaymentConfirmed(ORDER, delivery("evt_right"), "pi_1", usd(150_000), OrderStatus.PAID))
                .when(confirm("evt_less", 10_000))
                .expectEvents(new OrderEvent.PaymentMismatched(ORDER, delivery("evt_less"), "pi_1", usd(10_000),
                        usd(150_000), "pi_1", "amount received 10000 USD, ordered 150000 USD", OrderStatus.PAID));
    }

    @Test
    void anAdoptedOrderIsPaidByWhateverAmountItsProviderConfirms() {
        fixture.givenNoPriorActivity()
                .when(confirm("evt_any", 10_000))
                .expectEvents(new PaymentConfirmed(ORDER, delivery("evt_any"), "pi_1", usd(10_000), OrderStatus.PAID));
    }

    @Test
    void aSnapshotOfASucceededPaymentMarksAnUnpaidOrderPaid() {
        fixture.given(new PaymentFailureRecorded(ORDER, delivery("evt_f"), "pi_1", "card_declined", "declined",
                        OrderStatus.PAYMENT_FAILED))
                .when(new ConfirmPayment(ORDER, delivery("snapshot:pi_1:payment:ab12", 30), "pi_1", usd(1099)))
                .expectEvents(new PaymentConfirmed(ORDER, delivery("snapshot:pi_1:payment:ab12", 30), "pi_1",
                        usd(1099), OrderStatus.PAID));
    }

    @Test
    void anOlderSnapshotArrivingAfterANewerWebhookChangesNothingAndEmitsNothing() {
        // The snapshot was read before the refund happened; its "succeeded, nothing refunded" arrives after it.
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID),
                        new RefundRecorded(ORDER, delivery("evt_r", 20), "pi_1", usd(1000), OrderStatus.REFUNDED))
                .when(new ConfirmPayment(ORDER, delivery("snapshot:pi_1:payment:cd34", 10), "pi_1", usd(1000)))
                .expectNoEvents();

        // Canceled at second 20; a snapshot read at second 10 says the attempt had failed.
        fixture.given(new PaymentFactRecorded(ORDER, delivery("evt_c", 20), "pi_1", new PaymentFact.Canceled("abandoned"),
                        OrderStatus.CANCELED))
                .when(new RecordPaymentFailure(ORDER, delivery("snapshot:pi_1:payment:ef56", 10), "pi_1",
                        "card_declined", "declined"))
                .expectNoEvents();

        // A refund total the order already has, and a dispute stage it already reached.
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID),
                        new RefundRecorded(ORDER, delivery("evt_r", 20), "pi_1", usd(400), OrderStatus.PARTIALLY_REFUNDED))
                .when(new RecordRefund(ORDER, delivery("snapshot:ch_1:refunds:0a0a", 10), "pi_1", usd(300)))
                .expectNoEvents();
        fixture.given(new PaymentFactRecorded(ORDER, delivery("evt_d"), "pi_1",
                        new PaymentFact.Dispute("dp_1", PaymentFact.DisputeStage.CLOSED, "lost"), OrderStatus.DISPUTE_LOST))
                .when(new OrderCommand.RecordPaymentFact(ORDER, delivery("snapshot:dp_1:dispute:1b1b", 30), "pi_1",
                        new PaymentFact.Dispute("dp_1", PaymentFact.DisputeStage.OPENED, null)))
                .expectNoEvents();
    }

    @Test
    void aSnapshotThatKnowsMoreThanTheOrderIsRecordedLikeAWebhook() {
        fixture.given(new PaymentConfirmed(ORDER, delivery("evt_1"), "pi_1", usd(1000), OrderStatus.PAID),
                        new RefundRecorded(ORDER, delivery("evt_r"), "pi_1", usd(400), OrderStatus.PARTIALLY_REFUNDED))
                .when(new RecordRefund(ORDER, delivery("snapshot:ch_1:refunds:2c2c", 30), "pi_1", usd(1000)))
                .expectEvents(new RefundRecorded(ORDER, delivery("snapshot:ch_1:refunds:2c2c", 30), "pi_1", usd(1000),
                        OrderStatus.REFUNDED));

        // Same attempt status, later date: nothing new. Another status, later date: recorded.
        fixture.given(new PaymentFailureRecorded(ORDER, delivery("evt_f"), "pi_1", "card_declined", "declined",
                        OrderStatus.PAYMENT_FAILED))
                .when(new RecordPaymentFailure(ORDER, delivery("snapshot:pi_1:payment:3d3d", 30), "pi_1",
                        "card_declined", "declined"))
                .expectNoEvents();
        fixture.given(new PaymentFailureRecorded(ORDER, delivery("evt_f"), "pi_1", "card_declined", "declined",
                        OrderStatus.PAYMENT_FAILED))
                .when(new OrderCommand.RecordPaymentFact(ORDER, delivery("snapshot:pi_1:payment:4e4e", 30), "pi_1",
                        new PaymentFact.Canceled("abandoned")))
                .expectEvents(new PaymentFactRecorded(ORDER, delivery("snapshot:pi_1:payment:4e4e", 30), "pi_1",
                        new PaymentFact.Canceled("abandoned"), OrderStatus.CANCELED));
    }

    @Test
    void anApprovedPaypalOrderIsCapturedOnceWhateverTheApprovalsAndADeclineLetsANewApprovalTryAgain() {
        ProviderDelivery placed = ProviderDelivery.ourApi("place", AT);
        OrderEvent.OrderPlaced paypal = new OrderEvent.OrderPlaced(ORDER, placed, "PAYPAL", "5O190127TN364715T",
                usd(1234), null, OrderStatus.AWAITING_PAYMENT);
        ProviderDelivery capture = ProviderDelivery.ourApi("capture", AT.plusSeconds(5));
        fixture.given(paypal)
                .when(new OrderCommand.RequestCapture(ORDER, capture, "5O190127TN364715T"))
                .expectEvents(new OrderEvent.CaptureRequested(ORDER, capture, "order-1-1", "5O190127TN364715T",
                        OrderStatus.AWAITING_PAYMENT))
                .expectResultMessagePayload(new CaptureTarget("5O190127TN364715T", "order-1-1", null, false));
        OrderEvent.CaptureRequested requested = new OrderEvent.CaptureRequested(ORDER, capture, "order-1-1",
                "5O190127TN364715T", OrderStatus.AWAITING_PAYMENT);
        // Approved again while the first attempt is in flight: the same attempt, no new event.
        fixture.given(paypal, requested)
                .when(new OrderCommand.RequestCapture(ORDER, ProviderDelivery.ourApi("capture", AT.plusSeconds(6)),
                        "5O190127TN364715T"))
                .expectNoEvents()
                .expectResultMessagePayload(new CaptureTarget("5O190127TN364715T", "order-1-1", null, false));
        // Taken: nothing more to ask.
        ProviderDelivery outcome = ProviderDelivery.ourApi("capture:order-1-1", AT.plusSeconds(7));
        OrderEvent.CaptureSubmitted submitted = new OrderEvent.CaptureSubmitted(ORDER, outcome, "order-1-1",
                "2GG279541U471931P", "COMPLETED", OrderStatus.AWAITING_PAYMENT);
        fixture.given(paypal, requested)
                .when(new OrderCommand.RecordCaptureOutcome(ORDER, outcome, "order-1-1", "2GG279541U471931P",
                        "COMPLETED", null, null))
                .expectEvents(submitted);
        fixture.given(paypal, requested, submitted)
                .when(new OrderCommand.RequestCapture(ORDER, ProviderDelivery.ourApi("capture", AT.plusSeconds(8)),
                        "5O190127TN364715T"))
                .expectNoEvents()
                .expectResultMessagePayload(new CaptureTarget("5O190127TN364715T", "order-1-1", "2GG279541U471931P",
                        true));
        // Declined: a failed payment; the next approval captures with a new request id.
        OrderEvent.CaptureDeclined declined = new OrderEvent.CaptureDeclined(ORDER, outcome, "order-1-1",
                "INSTRUMENT_DECLINED", "The instrument presented was declined", OrderStatus.PAYMENT_FAILED);
        fixture.given(paypal, requested)
                .when(new OrderCommand.RecordCaptureOutcome(ORDER, outcome, "order-1-1", null, null,
                        "INSTRUMENT_DECLINED", "The instrument presented was declined"))
                .expectEvents(declined);
        ProviderDelivery again = ProviderDelivery.ourApi("capture", AT.plusSeconds(60));
        fixture.given(paypal, requested, declined)
                .when(new OrderCommand.RequestCapture(ORDER, again, "5O190127TN364715T"))
                .expectEvents(new OrderEvent.CaptureRequested(ORDER, again, "order-1-2", "5O190127TN364715T",
                        OrderStatus.PAYMENT_FAILED));
    }

    @Test
    void onlyAPaypalOrderPlacedHereIsCapturedAndOnlyForItsOwnApproval() {
        fixture.given(new OrderEvent.OrderPlaced(ORDER, ProviderDelivery.ourApi("place", AT), "STRIPE", "pi_1",
                        usd(1000), null, OrderStatus.AWAITING_PAYMENT))
                .when(new OrderCommand.RequestCapture(ORDER, ProviderDelivery.ourApi("capture", AT), null))
                .expectException(OrderNotCapturableException.class);
        fixture.given(new OrderEvent.OrderPlaced(ORDER, ProviderDelivery.ourApi("place", AT), "PAYPAL", "5O19",
                        usd(1000), null, OrderStatus.AWAITING_PAYMENT))
                .when(new OrderCommand.RequestCapture(ORDER, ProviderDelivery.ourApi("capture", AT), "OTHER"))
                .expectException(OrderNotCapturableException.class);
    }

    private static ConfirmPayment confirm(String eventId, long minor) {
        return new ConfirmPayment(ORDER, delivery(eventId), "pi_1", usd(minor));
    }

    private static RecordPaymentFailure fail(String eventId) {
        return fail(eventId, 0);
    }

    private static RecordPaymentFailure fail(String eventId, int second) {
        return new RecordPaymentFailure(ORDER, delivery(eventId, second), "pi_1", "card_declined", "declined");
    }

    private static OrderCommand processing(String eventId, int second) {
        return new OrderCommand.RecordPaymentFact(ORDER, delivery(eventId, second), "pi_1", new PaymentFact.Processing());
    }

    private static OrderCommand action(String eventId, int second) {
        return new OrderCommand.RecordPaymentFact(ORDER, delivery(eventId, second), "pi_1",
                new PaymentFact.ActionRequired("use_stripe_sdk"));
    }

    private static OrderCommand canceled(String eventId, int second) {
        return new OrderCommand.RecordPaymentFact(ORDER, delivery(eventId, second), "pi_1",
                new PaymentFact.Canceled("abandoned"));
    }

    private static OrderCommand dispute(String eventId, PaymentFact.DisputeStage stage, String outcome) {
        return new OrderCommand.RecordPaymentFact(ORDER, delivery(eventId), "pi_1",
                new PaymentFact.Dispute("dp_1", stage, outcome));
    }

    private static RecordRefund refund(String eventId, long totalMinor) {
        return new RecordRefund(ORDER, delivery(eventId), "pi_1", usd(totalMinor));
    }

    private static ProviderDelivery delivery(String eventId) {
        return delivery(eventId, 0);
    }

    /** A delivery of an event the provider dated {@code second} seconds after the first. */
    private static ProviderDelivery delivery(String eventId, int second) {
        return new ProviderDelivery("STRIPE", eventId, AT.plusSeconds(second), AT.plusSeconds(60));
    }

    private static Money usd(long minor) {
        return Money.of(minor, "usd");
    }
}
