package io.paybus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    private static final Instant OCCURRED = Instant.parse("2026-11-23T10:15:30Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-23T10:15:31.250Z");

    private final EventCodec codec = new EventCodec();

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    static Stream<ProviderEvent> payloads() {
        Money ten = Money.of(1000, "eur");
        return Stream.of(
                new PaymentSucceeded("pi_1", Money.of(1099, "usd")),
                new PaymentFailed("pi_1", "card_declined", "Your card was declined."),
                new PaymentFailed("pi_1", null, null),
                new PaymentRefunded("pi_1", "ch_1", Money.of(500, "EUR")),
                new PaymentRefunded("pi_1", null, Money.of(0, "JPY")),
                new PaymentCanceled("pi_1", "abandoned"),
                new PaymentProcessing("pi_1", ten),
                new PaymentProcessing("CAP-1", null),
                new PaymentActionRequired("pi_1", "use_stripe_sdk"),
                new PaymentReversed("CAP-1", ten, "BUYER_COMPLAINT"),
                new ChargeSucceeded("pi_1", "ch_1", ten, true),
                new ChargeFailed("pi_1", "ch_1", "card_declined", "declined"),
                new RefundChanged("pi_1", "re_1", ten, "succeeded"),
                new DisputeOpened("pi_1", "dp_1", ten, "fraudulent"),
                new DisputeUpdated("pi_1", "dp_1", ten, "under_review"),
                new DisputeClosed("pi_1", "dp_1", ten, "won"),
                new DisputeFundsWithdrawn("pi_1", "dp_1", ten),
                new DisputeFundsReinstated("pi_1", "dp_1", ten),
                new CheckoutCompleted("pi_1", "cs_1", ten, "paid"),
                new CheckoutApproved("5O190127TN364715T", "5O190127TN364715T", ten),
                new CheckoutAsyncPaymentSucceeded("pi_1", "cs_1"),
                new CheckoutAsyncPaymentFailed("pi_1", "cs_1"),
                new SubscriptionChanged("sub_1", SubscriptionChanged.Change.CREATED, "cus_1", "trialing", "price_1",
                        START, END, END, false),
                new InvoiceChanged("sub_1", InvoiceChanged.Change.PAYMENT_FAILED, "in_1", "cus_1", ten,
                        Money.of(0, "eur"), "open", START, END, 2),
                new SubscriptionPaymentChanged("I-BW452GLLEP1G", SubscriptionPaymentChanged.Change.COMPLETED, "SALE-1",
                        ten));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void roundTripsEveryPayloadType(ProviderEvent payload) {
        PaymentEnvelope envelope = envelope(payload, "{\"id\":\"evt_1\",\"note\":\"Grüße \\u2713\"}");

        PaymentEnvelope decoded = codec.decode(codec.encode(envelope));

        assertThat(decoded).isEqualTo(envelope);
        assertThat(decoded.key()).isEqualTo(payload instanceof SubscriptionEvent s ? s.subscriptionRef() : "order-42");
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void whatIsWrittenValidatesAgainstThePublishedSchema(ProviderEvent payload) {
        byte[] json = codec.encode(envelope(payload, "{}"));

        assertThat(Schemas.violations(Schemas.PAYMENTS_INBOUND, json)).isEmpty();
    }

    @Test
    void theSchemaRefusesWhatReadersCouldNotUse() {
        String json = new String(codec.encode(envelope(new PaymentSucceeded("pi_1", Money.of(5, "usd")), null)),
                StandardCharsets.UTF_8);

        assertThat(Schemas.violations(Schemas.PAYMENTS_INBOUND, bytes(json.replace("\"orderId\"", "\"orderIdd\""))))
                .isNotEmpty();
        assertThat(Schemas.violations(Schemas.PAYMENTS_INBOUND, bytes(json.replace("\"USD\"", "\"usd\""))))
                .isNotEmpty();
    }

    static Stream<PublishedOrderEvent> orderEvents() {
        Money ten = Money.of(1000, "eur");
        return Stream.of(new PublishedOrderEvent.OrderCreated(), new PublishedOrderEvent.OrderProcessing(),
                new PublishedOrderEvent.OrderActionRequired(), new PublishedOrderEvent.OrderPaymentFailed(),
                new PublishedOrderEvent.OrderCanceled(), new PublishedOrderEvent.OrderPaid(ten, "pi_1", "STRIPE"),
                new PublishedOrderEvent.OrderPartiallyRefunded(Money.of(400, "eur")),
                new PublishedOrderEvent.OrderRefunded(ten), new PublishedOrderEvent.OrderDisputed(),
                new PublishedOrderEvent.OrderDisputeWon(), new PublishedOrderEvent.OrderDisputeLost(),
                new PublishedOrderEvent.OrderPaymentMismatch(Money.of(150_000, "eur"), Money.of(10_000, "eur"), "pi_1",
                        "pi_1", "amount received 10000 EUR, ordered 150000 EUR"));
    }

    @ParameterizedTest
    @MethodSource("orderEvents")
    void everyPublicOrderEventRoundTripsAndValidates(PublishedOrderEvent payload) {
        OrderEventEnvelope envelope = OrderEventEnvelope.of("order-42", 3, "PAID", OCCURRED, payload);

        byte[] json = codec.encode(envelope);

        assertThat(codec.decodeOrderEvent(json)).isEqualTo(envelope);
        assertThat(Schemas.violations(Schemas.ORDERS_EVENTS, json)).isEmpty();
        assertThat(OrderEventEnvelope.of("order-42", 3, "PAID", OCCURRED, payload).eventId())
                .isEqualTo(envelope.eventId());
    }

    @Test
    void anOrderEventCarriesItsCustomerAndOneWithoutIsReadWithout() {
        Customer customer = new Customer("cus_1", "li.wei@example.com", "Li Wei", "zh-CN", "CN");
        OrderEventEnvelope paid = OrderEventEnvelope.of("o1", 2, "PAID", java.time.Instant.parse("2026-12-02T10:00:00Z"),
                new PublishedOrderEvent.OrderPaid(Money.of(1000, "cny"), "pi_1", "STRIPE"), customer);
        assertThat(codec.decodeOrderEvent(codec.encode(paid))).isEqualTo(paid);
        OrderEventEnvelope anonymous = OrderEventEnvelope.of("o1", 3, "REFUNDED",
                java.time.Instant.parse("2026-12-02T10:00:00Z"), new PublishedOrderEvent.OrderRefunded(Money.of(1000, "cny")));
        assertThat(new String(codec.encode(anonymous), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("customer");
        assertThat(codec.decodeOrderEvent(codec.encode(anonymous)).customer()).isNull();
    }

    @Test
    void anOrderPaidWrittenBeforeItNamedItsProviderIsStillRead() {
        String old = "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"order.paid\",\"schemaVersion\":1,"
                + "\"orderId\":\"o1\",\"sequence\":1,\"status\":\"PAID\",\"occurredAt\":\"2026-11-23T12:00:00Z\","
                + "\"payload\":{\"amount\":{\"minor\":1000,\"currency\":\"EUR\"},\"paymentRef\":\"pi_1\"}}";
        PublishedOrderEvent.OrderPaid paid = (PublishedOrderEvent.OrderPaid) codec.decodeOrderEvent(
                old.getBytes(java.nio.charset.StandardCharsets.UTF_8)).payload();
        assertThat(paid.paymentRef()).isEqualTo("pi_1");
        assertThat(paid.provider()).isNull();
    }

    @Test
    void everyWireTypeIsRoundTrippedAbove() {
        assertThat(payloads().map(EventTypes::nameOf).distinct()).containsExactlyInAnyOrderElementsOf(
                EventTypes.all().keySet());
    }

    @Test
    void writesTheDocumentedWireFormat() {
        String json = new String(codec.encode(envelope(new PaymentSucceeded("pi_1", Money.of(1099, "usd")), "{}")),
                StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"type\":\"payment.succeeded\"")
                .contains("\"schemaVersion\":1")
                .contains("\"provider\":\"STRIPE\"")
                .contains("\"occurredAt\":\"2026-11-23T10:15:30Z\"")
                .contains("\"amount\":{\"minor\":1099,\"currency\":\"USD\"}")
                .contains("\"rawPayload\":\"{}\"");
    }

    @Test
    void keepsTheRawProviderBodyByteForByte() {
        String raw = "{\n  \"id\": \"evt_1\",  \"amount\": 1099, \"name\": \"Zoë \\\"Z\\\"\"\n}";
        PaymentEnvelope decoded = codec.decode(codec.encode(envelope(new PaymentFailed("pi_1", null, null), raw)));

        assertThat(decoded.rawPayload()).isEqualTo(raw);
    }

    @Test
    void aRedeliveryOfTheSameProviderEventHasTheSameEventId() {
        assertThat(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_1"))
                .isEqualTo(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_1"))
                .isNotEqualTo(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_2"))
                .isNotEqualTo(PaymentEnvelope.eventIdOf(Provider.PAYPAL, "evt_1"));
    }

    @Test
    void ignoresFieldsAddedByANewerWriterOfTheSameVersion() {
        String json = new String(codec.encode(envelope(new PaymentSucceeded("pi_1", Money.of(5, "usd")), null)),
                StandardCharsets.UTF_8).replaceFirst("\\{", "{\"addedLater\":true,");

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).payload())
                .isEqualTo(new PaymentSucceeded("pi_1", Money.of(5, "usd")));
    }

    @Test
    void refusesWhatItCannotRead() {
        byte[] valid = codec.encode(envelope(new PaymentSucceeded("pi_1", Money.of(5, "usd")), null));
        String json = new String(valid, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> codec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> codec.decode(null))
                .isInstanceOf(EventCodecException.class);
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("\"schemaVersion\":1", "\"schemaVersion\":2"))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("unsupported schema version 2");
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("payment.succeeded", "payment.teleported"))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("\"USD\"", "\"XXXX\""))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("malformed payment.succeeded");
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("\"orderId\"", "\"orderIdd\""))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("needs its order id");
    }

    @Test
    void anEnvelopeWhoseTypeContradictsItsPayloadCannotBeBuilt() {
        assertThatThrownBy(() -> new PaymentEnvelope(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_1"),
                "payment.failed", 1, Provider.STRIPE, "evt_1", "order-1", null, OCCURRED, RECEIVED,
                new PaymentSucceeded("pi_1", Money.of(5, "usd")), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecoveredEventSaysHowItCameAndAnOlderRecordIsAWebhooksOne() {
        PaymentEnvelope delivered = PaymentEnvelope.of(Provider.STRIPE, "evt_r1", "order-r1", OCCURRED, RECEIVED,
                new PaymentSucceeded("pi_r1", Money.of(5, "usd")), "{}");
        PaymentEnvelope recovered = delivered.recoveredBy(EventSource.SWEEP);

        assertThat(delivered.source()).isEqualTo(EventSource.WEBHOOK);
        assertThat(recovered.eventId()).as("the same event").isEqualTo(delivered.eventId());
        assertThat(codec.decode(codec.encode(recovered)).source()).isEqualTo(EventSource.SWEEP);
        assertThat(Schemas.violations(Schemas.PAYMENTS_INBOUND, codec.encode(recovered))).isEmpty();
        String older = new String(codec.encode(delivered), java.nio.charset.StandardCharsets.UTF_8)
                .replace(",\"source\":\"webhook\"", "");
        assertThat(older).doesNotContain("source");
        assertThat(codec.decode(bytes(older)).source()).isEqualTo(EventSource.WEBHOOK);
        assertThat(Schemas.violations(Schemas.PAYMENTS_INBOUND, bytes(older))).isEmpty();
    }

    @Test
    void moneyIsNeverNegative() {
        assertThatThrownBy(() -> Money.of(-1, "usd")).isInstanceOf(IllegalArgumentException.class);
    }

    private static PaymentEnvelope envelope(ProviderEvent payload, String raw) {
        if (payload instanceof SubscriptionEvent subscription) {
            return PaymentEnvelope.of(Provider.STRIPE, "evt_1", OCCURRED, RECEIVED, subscription, raw);
        }
        return PaymentEnvelope.of(Provider.STRIPE, "evt_1", "order-42", OCCURRED, RECEIVED, (PaymentEvent) payload, raw);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyBillingEventRoundTripsAndValidates() {
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        Instant end = Instant.parse("2026-12-01T00:00:00Z");
        for (String type : BillingEvent.TYPES) {
            BillingEvent event = BillingEvent.of(type, "sub_1", "cus_1", "STRIPE", start, end, 2,
                    Money.of(2900, "eur"), "in_1", "card_declined", end.plusSeconds(86_400), end);
            byte[] json = codec.encode(event);
            assertThat(codec.decodeBillingEvent(json)).isEqualTo(event);
            assertThat(Schemas.violations(Schemas.BILLING_EVENTS, json)).isEmpty();
        }
        BillingEvent retry = BillingEvent.of(BillingEvent.RENEWAL_RETRY_SCHEDULED, "sub_1", null, "STRIPE", start, end,
                1, null, null, null, null, end);
        assertThat(Schemas.violations(Schemas.BILLING_EVENTS, codec.encode(retry))).as("no nextAttemptAt").isNotEmpty();
        assertThat(BillingEvent.of(BillingEvent.RENEWAL_FAILED, "sub_1", null, null, start, end, 1, null, null, "x",
                null, end).eventId()).isEqualTo(BillingEvent.of(BillingEvent.RENEWAL_FAILED, "sub_1", null, null, start,
                end, 1, null, null, "y", null, end.plusSeconds(5)).eventId());
    }

    @Test
    void everyOperatorAlertRoundTripsAndValidates() {
        for (String kind : OperatorAlert.KINDS) {
            for (String state : List.of(OperatorAlert.FIRING, OperatorAlert.RESOLVED)) {
                OperatorAlert alert = new OperatorAlert(OperatorAlert.idOf("order-service", kind, "s", "1", state), kind,
                        state, OperatorAlert.SCHEMA_VERSION, "order-service", "s", "summary", "detail",
                        Instant.parse("2026-12-02T10:00:00Z"));
                byte[] json = codec.encode(alert);
                assertThat(codec.decodeOperatorAlert(json)).isEqualTo(alert);
                assertThat(Schemas.violations(Schemas.OPERATIONS_ALERTS, json)).isEmpty();
            }
        }
        String json = new String(codec.encode(new OperatorAlert(UUID.randomUUID(), "drift.found", "firing", 1,
                "billing-service", "subscriptions#3", "x", null, Instant.now())), StandardCharsets.UTF_8);
        assertThat(Schemas.violations(Schemas.OPERATIONS_ALERTS, bytes(json.replace("drift.found", "drift.lost"))))
                .as("an unknown kind").isNotEmpty();
        assertThat(OperatorAlert.idOf("a", "k", "s", "1", "firing")).isNotEqualTo(OperatorAlert.idOf("a", "k", "s", "1",
                "resolved")).isEqualTo(OperatorAlert.idOf("a", "k", "s", "1", "firing"));
    }

    @Test
    void theBuyerAProviderNamedTravelsWithTheEventAndOlderRecordsHaveNone() {
        PaymentEnvelope named = PaymentEnvelope.of(Provider.PAYPAL, "WH-b1", "order-b", OCCURRED, RECEIVED,
                new PaymentSucceeded("CAP-1", Money.of(500, "eur")), null).withBuyer(
                new Customer(null, "payer@example.com", "Li Lei", null, "CN"));
        byte[] json = codec.encode(named);

        assertThat(codec.decode(json).buyer()).isEqualTo(new Customer(null, "payer@example.com", "Li Lei", null, "CN"));
        assertThat(Schemas.violations(Schemas.PAYMENTS_INBOUND, json)).isEmpty();
        String older = new String(json, StandardCharsets.UTF_8).replaceAll(",\"buyer\":\\{[^}]*}", "");
        assertThat(older).doesNotContain("buyer");
        assertThat(codec.decode(bytes(older)).buyer()).isNull();
        assertThat(named.withBuyer(new Customer(null, null, null, null, null)).buyer()).as("nothing told: none")
                .isNull();
        assertThat(named.recoveredBy(EventSource.SWEEP).buyer()).isEqualTo(named.buyer());
    }

    @Test
    void whatTheMerchantSaidWinsAndTheProvidersDetailsCompleteIt() {
        Customer merchant = new Customer("c-1", "buyer@shop.example", null, "zh-CN", null);
        Customer payer = new Customer(null, "other@paypal.example", "Li Lei", "en", "CN");

        assertThat(Customer.completed(merchant, payer)).isEqualTo(new Customer("c-1", "buyer@shop.example", "Li Lei",
                "zh-CN", "CN"));
        assertThat(Customer.completed(null, payer)).isEqualTo(payer);
        assertThat(Customer.completed(merchant, null)).isEqualTo(merchant);
    }
}
