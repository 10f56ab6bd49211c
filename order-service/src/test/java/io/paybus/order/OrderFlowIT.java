package io.paybus.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.events.EventCodec;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentEvent;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.events.Topics;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.TestCredentials;
import io.paybus.testsupport.TestProducers;
import io.paybus.testsupport.TopicReader;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertySource;

/** payments.inbound to order state, on the real broker and the real PostgreSQL event store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"paybus.order.inbound-retry-wait=50ms", "paybus.order.snapshot-threshold=5",
                "paybus.dead-letters.replay-lease=2s", "paybus.dead-letters.replay-lease-check=1s"})
class OrderFlowIT {

    private static KafkaProducer<String, byte[]> producer;
    private static TopicReader deadLetterTopic;
    private static TopicReader orderEvents;

    private final EventCodec codec = new EventCodec();
    private static final String SCOPE = OrderServiceConfig.INBOUND_DEAD_LETTERS.scope();
    private static final String REASON = "{\"reason\":\"the cause was fixed\"}";

    @LocalServerPort
    int port;

    @org.springframework.boot.test.web.server.LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    io.paybus.platform.deadletter.DeadLetterStore deadLetterStore;

    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStore eventStore;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactionManager;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafka().bootstrapServers());
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl("orders_flow_it"));
        TestCredentials.register(registry::add);
    }

    @BeforeAll
    static void clients() {
        String bootstrap = EmbeddedInfra.shared().kafka().bootstrapServers();
        producer = TestProducers.bytes(bootstrap);
        deadLetterTopic = new TopicReader(bootstrap, Topics.PAYMENTS_INBOUND_DLT);
        orderEvents = new TopicReader(bootstrap, Topics.ORDERS_EVENTS);
    }

    @AfterAll
    static void close() throws InterruptedException {
        producer.close();
        deadLetterTopic.close();
        orderEvents.close();
    }

    @Test
    void aConfirmedPaymentMakesTheOrderPaidWithItsHistory() {
        String order = newOrder();
        send(order, "evt_1" + order, new PaymentSucceeded("pi_" + order, Money.of(2500, "eur")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
        JsonNode view = ApiClient.json(get("/orders/" + order));
        assertThat(view.path("amount").asLong()).isEqualTo(2500);
        assertThat(view.path("currency").asText()).isEqualTo("EUR");
        assertThat(view.path("provider").asText()).isEqualTo("STRIPE");
        assertThat(view.path("paymentRef").asText()).isEqualTo("pi_" + order);
        JsonNode entry = ApiClient.json(get("/orders/" + order + "/history")).path("events").get(0);
        assertThat(entry.path("type").asText()).isEqualTo("PaymentConfirmed");
        assertThat(entry.path("providerEventId").asText()).isEqualTo("evt_1" + order);
        assertThat(entry.path("occurredAt").asText()).isNotBlank();
        assertThat(entry.path("recordedAt").asText()).isNotBlank();
    }

    @Test
    void aRedeliveryLeavesOneHistoryEntry() {
        String order = newOrder();
        PaymentSucceeded paid = new PaymentSucceeded("pi_" + order, Money.of(700, "usd"));
        send(order, "evt_p" + order, paid);
        send(order, "evt_p" + order, paid);
        // A later event of the same order is applied after both copies (one partition, in order).
        send(order, "evt_r" + order, new PaymentRefunded("pi_" + order, "ch_1", Money.of(700, "usd")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/orders/" + order + "/history").body()).contains("RefundRecorded"));
        String history = get("/orders/" + order + "/history").body();
        assertThat(occurrences(history, "\"type\":\"PaymentConfirmed\"")).isEqualTo(1);
        assertThat(occurrences(history, "\"sequence\":")).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, order)).as("events in the PostgreSQL event store").isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("REFUNDED"));
    }

    @Test
    void otherServicesLearnEachChangeOfStatusOnceInOrderAndValid() {
        String order = newOrder();
        PaymentSucceeded paid = new PaymentSucceeded("pi_" + order, Money.of(900, "eur"));
        send(order, "evt_p" + order, paid);
        send(order, "evt_p" + order, paid);
        send(order, "evt_f" + order, new PaymentFailed("pi_" + order, "card_declined", "late failure"));
        send(order, "evt_r1" + order, new PaymentRefunded("pi_" + order, "ch_1", Money.of(300, "eur")));
        send(order, "evt_r2" + order, new PaymentRefunded("pi_" + order, "ch_1", Money.of(900, "eur")));

        await().atMost(Duration.ofSeconds(30)).until(() -> publishedFor(order).stream()
                .anyMatch(e -> e.type().equals("order.refunded")));
        List<io.paybus.events.OrderEventEnvelope> events = publishedFor(order);
        assertThat(events).extracting(io.paybus.events.OrderEventEnvelope::type)
                .containsExactly("order.created", "order.paid", "order.partially_refunded", "order.refunded");
        assertThat(events.get(1).payload()).isEqualTo(
                new io.paybus.events.PublishedOrderEvent.OrderPaid(Money.of(900, "eur"), "pi_" + order, "STRIPE"));
        assertThat(events.get(2).payload()).isEqualTo(
                new io.paybus.events.PublishedOrderEvent.OrderPartiallyRefunded(Money.of(300, "eur")));
        assertThat(events).extracting(io.paybus.events.OrderEventEnvelope::sequence).isSorted();
        assertThat(orderEvents.recordsWithKey(order)).allSatisfy(r ->
                assertThat(io.paybus.events.Schemas.violations(io.paybus.events.Schemas.ORDERS_EVENTS, r.value()))
                        .isEmpty());
        // Its history, a page at a time.
        JsonNode page = ApiClient.json(get("/orders/" + order + "/history?limit=2"));
        assertThat(page.path("events").findValuesAsText("sequence")).containsExactly("0", "1");
        assertThat(page.path("nextAfter").asLong()).isEqualTo(1);
        JsonNode rest = ApiClient.json(get("/orders/" + order + "/history?limit=2&after=1"));
        assertThat(rest.path("events").findValuesAsText("sequence")).containsExactly("2", "3");
        assertThat(rest.path("nextAfter").isNull()).isTrue();
        io.paybus.testsupport.Problems.assertProblem(get("/orders/" + order + "/history?limit=1001"), 400,
                "field_invalid");
        io.paybus.testsupport.Problems.assertProblem(get("/orders/" + order + "/history?page=2"), 400,
                "field_invalid");
    }

    @Test
    void theBuyerTheProviderNamedIsTheCustomerOfAnOrderTheGatewayDidNotCreate() {
        String order = newOrder();
        io.paybus.events.Customer payer = new io.paybus.events.Customer(null, "payer@example.cn", "Li Lei", null, "CN");
        send(order, "evt_b" + order, new PaymentSucceeded("pi_" + order, Money.of(900, "eur")), payer);

        await().atMost(Duration.ofSeconds(30)).until(() -> publishedFor(order).stream()
                .anyMatch(e -> e.type().equals("order.paid")));
        assertThat(publishedFor(order)).filteredOn(e -> e.type().equals("order.paid")).singleElement()
                .satisfies(paid -> assertThat(paid.customer()).isEqualTo(payer));
        assertThat(get("/orders/" + order + "/history").body()).as("who told us").contains("payer@example.cn");
    }

    @Test
    void anOrderFirstSeenWithoutAStatusChangeIsAnnouncedOnce() {
        String order = newOrder();
        send(order, "evt_c" + order, new io.paybus.events.ChargeSucceeded("pi_" + order, "ch_" + order,
                Money.of(900, "eur"), true));
        send(order, "evt_p" + order, new PaymentSucceeded("pi_" + order, Money.of(900, "eur")));

        await().atMost(Duration.ofSeconds(30)).until(() -> publishedFor(order).stream()
                .anyMatch(e -> e.type().equals("order.paid")));
        assertThat(publishedFor(order)).extracting(io.paybus.events.OrderEventEnvelope::type)
                .containsExactly("order.created", "order.paid");
    }

    private List<io.paybus.events.OrderEventEnvelope> publishedFor(String order) {
        return orderEvents.recordsWithKey(order).stream().map(r -> codec.decodeOrderEvent(r.value())).toList();
    }

    @Test
    void theReadModelIsRebuiltFromTheEventStoreWhileTheServiceRuns() {
        String order = newOrder();
        send(order, "evt_rb" + order, new PaymentSucceeded("pi_" + order, Money.of(1200, "usd")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
        jdbc.update("update order_summary set status = 'CORRUPTED' where order_id = ?", order);

        assertThat(post("/admin/projections/order-summary/rebuild", "").statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/admin/projections/order-summary")).path("percent").asDouble())
                        .isEqualTo(100.0));
    }

    @Test
    void aProjectionFailureWaitsInTheDeadLetterQueueWithItsOrdersLaterEventsAndIsReplayed() {
        String poisoned = "projection-poison-" + UUID.randomUUID();
        String healthy = newOrder();
        // The read model's database refuses this order until the trigger is dropped.
        jdbc.execute("create or replace function refuse_poison() returns trigger as $$ begin"
                + " if new.order_id like 'projection-poison-%' then raise exception 'read model refuses %', new.order_id;"
                + " end if; return new; end $$ language plpgsql");
        jdbc.execute("drop trigger if exists refuse_poison on order_summary");
        jdbc.execute("create trigger refuse_poison before insert or update on order_summary"
                + " for each row execute function refuse_poison()");
        try {
            send(poisoned, "evt_pp1" + poisoned, new PaymentFailed("pi_" + poisoned, "card_declined", "first"));
            send(poisoned, "evt_pp2" + poisoned, new PaymentSucceeded("pi_" + poisoned, Money.of(300, "usd")));
            send(healthy, "evt_ph" + healthy, new PaymentSucceeded("pi_" + healthy, Money.of(300, "usd")));

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ApiClient.json(get("/orders/" + healthy)).path("status").asText()).isEqualTo("PAID"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(get("/projection-dead-letters?order=" + poisoned).body())
                            .contains("PaymentFailureRecorded").contains("PaymentConfirmed").contains("read model refuses"));
        } finally {
            jdbc.execute("drop trigger if exists refuse_poison on order_summary");
        }
        assertThat(get("/orders/" + poisoned).statusCode()).isEqualTo(404);
        // Listed a page at a time, in the order's order.
        HttpResponse<String> first = get("/projection-dead-letters?order=" + poisoned + "&limit=1");
        assertThat(first.body()).contains("PaymentFailureRecorded").doesNotContain("PaymentConfirmed");
        String next = first.headers().firstValue("Paybus-Next-Cursor").orElseThrow();
        HttpResponse<String> second = get("/projection-dead-letters?order=" + poisoned + "&limit=1&cursor=" + next);
        assertThat(second.body()).contains("PaymentConfirmed").doesNotContain("PaymentFailureRecorded");
        assertThat(second.headers().firstValue("Paybus-Next-Cursor")).isEmpty();
        io.paybus.testsupport.Problems.assertProblem(get("/projection-dead-letters?limit=1001"), 400, "field_invalid");
        io.paybus.testsupport.Problems.assertProblem(get("/projection-dead-letters?key=x"), 400, "field_invalid");

        assertThat(ApiClient.json(post("/projection-dead-letters/replay?order=" + poisoned + "&reason=fixed", ""))
                .path("remaining").asInt()).isZero();

        assertThat(ApiClient.json(get("/orders/" + poisoned)).path("status").asText()).isEqualTo("PAID");
        assertThat(get("/projection-dead-letters?order=" + poisoned).body()).isEqualTo("[]");
    }

    @Test
    void aSnapshottedOrderStillKnowsEverythingItApplied() {
        String order = newOrder();
        for (int i = 0; i < 12; i++) {
            send(order, "evt_f" + i + order, new PaymentFailed("pi_" + order, "card_declined", "declined " + i));
        }
        send(order, "evt_f0" + order, new PaymentFailed("pi_" + order, "card_declined", "declined 0"));
        send(order, "evt_p" + order, new PaymentSucceeded("pi_" + order, Money.of(900, "usd")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
        assertThat(jdbc.queryForObject("select count(*) from snapshotevententry where aggregateidentifier = ?",
                Integer.class, order)).as("snapshots taken").isPositive();
        // The redelivered first failure, applied after snapshots, was still recognized.
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, order)).isEqualTo(13);
        assertThat(occurrences(get("/orders/" + order + "/history").body(), "\"sequence\":")).isEqualTo(13);
    }

    @Test
    void aRecordThatCannotBeReadIsDeadLetteredAndOtherOrdersFlowOn() {
        String poisoned = newOrder();
        String healthy = newOrder();
        producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, poisoned, "not an event".getBytes(StandardCharsets.UTF_8)));
        send(healthy, "evt_h" + healthy, new PaymentFailed("pi_" + healthy, "card_declined", "declined"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + healthy)).path("status").asText()).isEqualTo("PAYMENT_FAILED"));
        ConsumerRecord<String, byte[]> dead = deadLetterOf(poisoned);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not an event");
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("not JSON");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.PAYMENTS_INBOUND);
        assertThat(get("/orders/" + poisoned).statusCode()).isEqualTo(404);
    }

    @Test
    void laterEventsOfAPoisonedOrderWaitBehindItUntilAnOperatorResolvesIt() {
        String poisoned = newOrder();
        String other = newOrder();
        producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, poisoned, "{\"broken\":".getBytes(StandardCharsets.UTF_8)));
        send(poisoned, "evt_later" + poisoned, new PaymentSucceeded("pi_" + poisoned, Money.of(500, "usd")));
        send(other, "evt_o" + other, new PaymentSucceeded("pi_" + other, Money.of(500, "usd")));

        // Another order flows on; the poisoned order's later event is parked, not applied.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + other)).path("status").asText()).isEqualTo("PAID"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/dead-letters?key=" + poisoned).body()).contains("ParkedBehind"));
        String letters = get("/dead-letters?key=" + poisoned).body();
        JsonNode listed = ApiClient.json(get("/dead-letters?key=" + poisoned));
        assertThat(listed).hasSize(2);
        assertThat(listed.get(0).path("errorClass").asText()).endsWith("EventCodecException");
        assertThat(listed.get(1).path("errorClass").asText()).isEqualTo("ParkedBehind");
        assertThat(listed.findValuesAsText("status")).containsOnly("PARKED");
        assertThat(listed.get(1).path("providerEventId").asText()).isEqualTo("evt_later" + poisoned);
        assertThat(get("/orders/" + poisoned).statusCode()).isEqualTo(404);
        long first = idOf(letters, 0);
        long second = idOf(letters, 1);
        JsonNode inspected = ApiClient.json(get("/dead-letters/" + first));
        assertThat(inspected.path("unreadable").asText()).as("not JSON, said so").startsWith("not JSON");
        assertThat(inspected.path("rawBase64").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(
                "{\"broken\":".getBytes(StandardCharsets.UTF_8)));
        assertThat(inspected.path("deadLetter").path("attempts").asInt()).isEqualTo(1);
        assertThat(inspected.path("deadLetter").path("consumer").asText())
                .isEqualTo("order-service/order-inbound/payments.inbound");

        // Nothing may overtake the first; replaying it alone fails again and keeps it in place.
        assertThat(post("/dead-letters/" + second + "/replay", REASON).statusCode()).isEqualTo(409);
        assertThat(post("/dead-letters/" + first + "/replay", REASON).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode letter = ApiClient.json(get("/dead-letters/" + first)).path("deadLetter");
            assertThat(letter.path("attempts").asInt()).isEqualTo(2);
            assertThat(letter.path("status").asText()).isEqualTo("PARKED");
        });

        // Discarding it with a reason, then replaying the order, applies the parked event.
        assertThat(post("/dead-letters/" + first + "/discard", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/dead-letters/" + first + "/replay", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/dead-letters/" + first + "/discard", "{\"reason\":\"truncated by a proxy\"}").statusCode())
                .isEqualTo(200);
        assertThat(post("/dead-letters/replay?key=" + poisoned, REASON).body()).contains("[" + second + "]");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + poisoned)).path("status").asText()).isEqualTo("PAID"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/dead-letters/" + second)).path("deadLetter").path("status").asText()).isEqualTo("REPLAYED"));
        JsonNode discardedLetter = ApiClient.json(get("/dead-letters/" + first)).path("deadLetter");
        assertThat(discardedLetter.path("status").asText()).isEqualTo("DISCARDED");
        assertThat(discardedLetter.path("discardReason").asText()).isEqualTo("truncated by a proxy");
        JsonNode discarded = ApiClient.json(get("/admin/audit?action=dead-letter.discard&target=dead-letter:" + first))
                .path("entries");
        assertThat(discarded).hasSize(1);
        assertThat(discarded.get(0).path("actor").asText()).isEqualTo("key:all");
        assertThat(discarded.get(0).path("reason").asText()).isEqualTo("truncated by a proxy");
        JsonNode replays = ApiClient.json(get("/admin/audit?action=dead-letter.replay-key&target=key:" + poisoned))
                .path("entries");
        assertThat(replays.get(0).path("reason").asText()).isEqualTo("the cause was fixed");

        // A replay is idempotent: the same record again changes nothing.
        assertThat(post("/dead-letters/" + second + "/replay", REASON).statusCode()).isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, poisoned)).isEqualTo(1);
    }

    @Test
    void operatorsReplayEveryDeadLetterOfOneErrorInOneCall() {
        List<String> orders = List.of("replayall-" + UUID.randomUUID(), "replayall-" + UUID.randomUUID(),
                "replayall-" + UUID.randomUUID());
        // The event store refuses these orders until the trigger goes: their records are dead-lettered.
        jdbc.execute("create or replace function refuse_replayall() returns trigger as $$ begin"
                + " if new.aggregateidentifier like 'replayall-%' then raise exception 'store refuses %',"
                + " new.aggregateidentifier; end if; return new; end $$ language plpgsql");
        jdbc.execute("create trigger refuse_replayall before insert on domainevententry"
                + " for each row execute function refuse_replayall()");
        String errorClass;
        try {
            orders.forEach(o -> send(o, "evt_ra" + o, new PaymentSucceeded("pi_" + o, Money.of(800, "eur"))));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> orders.forEach(o ->
                    assertThat(ApiClient.json(get("/dead-letters?key=" + o)).findValuesAsText("status")).contains("PARKED")));
            String listing = get("/dead-letters?key=" + orders.get(0)).body();
            errorClass = listing.replaceAll("(?s).*\"errorClass\":\"([^\"]+)\".*", "$1");
        } finally {
            jdbc.execute("drop trigger if exists refuse_replayall on domainevententry");
        }

        HttpResponse<String> replayed = post("/dead-letters/replay-all?error=" + errorClass, REASON);

        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(replayed.body()).matches(".*\"replayed\":[3-9].*");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> orders.forEach(o ->
                assertThat(ApiClient.json(get("/orders/" + o)).path("status").asText()).isEqualTo("PAID")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> orders.forEach(o ->
                assertThat(ApiClient.json(get("/dead-letters?key=" + o)).findValuesAsText("status")).contains("REPLAYED")));
    }

    private static long idOf(String listing, int index) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(listing);
        for (int i = 0; i <= index; i++) {
            assertThat(m.find()).isTrue();
        }
        return Long.parseLong(m.group(1));
    }

    @Test
    void anEventThatBreaksARuleIsDeadLetteredWithItsReason() {
        String order = newOrder();
        send(order, "evt_1" + order, new PaymentSucceeded("pi_" + order, Money.of(100, "usd")));
        send(order, "evt_2" + order, new PaymentRefunded("pi_" + order, "ch_1", Money.of(100, "jpy")));

        ConsumerRecord<String, byte[]> dead = deadLetterOf(order);

        assertThat(header(dead, "kafka_dlt-exception-message")).contains("is in USD, event is in JPY");
        assertThat(codec.decode(dead.value()).providerEventId()).isEqualTo("evt_2" + order);
        // The payment before it was applied; the read model follows the event store shortly.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
    }

    @Test
    void anUnknownOrderIsA404Problem() {
        HttpResponse<String> response = get("/orders/nope-" + UUID.randomUUID());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiClient.json(response).path("code").asText()).isEqualTo("order_not_found");
        assertThat(get("/orders/nope/history").statusCode()).isEqualTo(404);
    }

    @Test
    void anyRecordCanBeParkedSoNoPoisonStopsTheOthers() throws Exception {
        String longKey = "k".repeat(300);
        String nulKey = "nul\u0000key-" + UUID.randomUUID();
        byte[] megabyte = new byte[1_000_000];
        java.util.Arrays.fill(megabyte, (byte) 0xC3);
        ProducerRecord<String, byte[]> badReplayHeader = new ProducerRecord<>(Topics.PAYMENTS_INBOUND,
                "header-" + UUID.randomUUID(), "garbage".getBytes(StandardCharsets.UTF_8));
        badReplayHeader.headers().add("paybus-replay-of", "not-a-number".getBytes(StandardCharsets.UTF_8));
        for (ProducerRecord<String, byte[]> poison : List.of(
                new ProducerRecord<>(Topics.PAYMENTS_INBOUND, longKey, "garbage".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(Topics.PAYMENTS_INBOUND, nulKey, new byte[] {(byte) 0xFF, 0, 1}),
                new ProducerRecord<>(Topics.PAYMENTS_INBOUND, "big-" + UUID.randomUUID(), megabyte),
                badReplayHeader)) {
            producer.send(poison).get(10, TimeUnit.SECONDS);
        }
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String order = newOrder();
            orders.add(order);
            send(order, "evt_after_poison_" + order, new PaymentSucceeded("pi_" + order, Money.of(100, "eur")));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orders)
                .allSatisfy(o -> assertThat(ApiClient.json(get("/orders/" + o)).path("status").asText()).isEqualTo("PAID")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select count(*) from paybus_dead_letter where length(record_key) = 300 or record_key like 'nul%'"
                        + " or record_key like 'big-%' or record_key like 'header-%'", Integer.class)).isEqualTo(4));
    }

    @Test
    void aReplayMeantForAnotherConsumerIsNotTakenForOneOfOurs() throws Exception {
        String poisoned = newOrder();
        producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, poisoned, "garbage".getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from paybus_dead_letter where record_key = ?", Integer.class, poisoned) == 1);
        long ours = jdbc.queryForObject("select id from paybus_dead_letter where record_key = ?", Long.class, poisoned);

        // What the billing service sends when it replays one of its own dead letters to payments.inbound:
        // the old unscoped header, and a header scoped to billing's consumer.
        List<String> others = new ArrayList<>();
        for (String header : List.of(Long.toString(ours), "billing-service/billing-subscriptions/payments.inbound#" + ours)) {
            String other = newOrder();
            others.add(other);
            Instant now = Instant.now();
            ProducerRecord<String, byte[]> replay = new ProducerRecord<>(Topics.PAYMENTS_INBOUND, other,
                    codec.encode(PaymentEnvelope.of(Provider.STRIPE, "evt_other_" + other, other, now, now,
                            new PaymentSucceeded("pi_" + other, Money.of(100, "eur")), "{}")));
            replay.headers().add("paybus-replay-of", header.getBytes(StandardCharsets.UTF_8));
            producer.send(replay).get(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(others)
                .allSatisfy(o -> assertThat(ApiClient.json(get("/orders/" + o)).path("status").asText()).isEqualTo("PAID")));
        assertThat(jdbc.queryForObject("select status from paybus_dead_letter where id = ?", String.class, ours))
                .as("our dead letter is untouched by another consumer's replay").isEqualTo("PARKED");
    }

    @Test
    void aReplayThatCrashedBeforeItWasSentIsParkedAgainWhenItsLeaseEnds() {
        String order = newOrder();
        // A crash between marking it REPLAYING and sending it: nothing will ever apply it.
        long stuck = jdbc.queryForObject("insert into paybus_dead_letter (consumer, record_key, source_topic, source_partition,"
                + " source_offset, error_class, attempts, payload, status, created_at) values (?, ?, 'payments.inbound', 0,"
                + " ?, 'bench.Simulated', 1, ?, 'REPLAYING', now() - interval '1 hour') returning id", Long.class, SCOPE, order,
                System.nanoTime(), codec.encode(PaymentEnvelope.of(Provider.STRIPE, "evt_stuck_" + order, order,
                        Instant.now(), Instant.now(), new PaymentSucceeded("pi_" + order, Money.of(100, "eur")), "{}")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "select status from paybus_dead_letter where id = ?", String.class, stuck)).isEqualTo("PARKED"));
        assertThat(post("/dead-letters/" + stuck + "/replay", REASON).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
    }

    @Test
    void replayAllWorksOnTheSetThatExistedWhenItStarted() throws Exception {
        String error = "test.ReparkedAtOnce" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(jdbc.queryForObject("insert into paybus_dead_letter (consumer, record_key, source_topic, source_partition,"
                    + " source_offset, error_class, attempts, payload, status, created_at) values (?, ?, 'test', 0, ?, ?,"
                    + " 1, ?, 'PARKED', now()) returning id", Long.class, SCOPE, newOrder(), System.nanoTime(), error,
                    "x".getBytes(StandardCharsets.UTF_8)));
        }
        // A consumer that fails every replay at once and parks it again before the next batch is claimed.
        @SuppressWarnings("unchecked")
        org.springframework.kafka.core.KafkaTemplate<Object, Object> kafka =
                org.mockito.Mockito.mock(org.springframework.kafka.core.KafkaTemplate.class);
        org.mockito.Mockito.when(kafka.send(org.mockito.ArgumentMatchers.<ProducerRecord<Object, Object>>any()))
                .thenAnswer(call -> {
                    ProducerRecord<?, ?> record = call.getArgument(0);
                    long id = OrderServiceConfig.INBOUND_DEAD_LETTERS.replays().replayOf(record.headers());
                    deadLetterStore.parkAgain(id, error, "failed again", null);
                    return java.util.concurrent.CompletableFuture.completedFuture(null);
                });
        var operations = new io.paybus.platform.deadletter.DeadLetterOperations(deadLetterStore, kafka);

        int replayed = java.util.concurrent.CompletableFuture.supplyAsync(() -> operations.replayAll(error, null))
                .get(20, TimeUnit.SECONDS);

        assertThat(replayed).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from paybus_dead_letter where error_class = ?"
                + " and status = 'PARKED'", Integer.class, error)).as("parked again, for the next run").isEqualTo(3);
    }

    /**
     * An inbound batch that holds its transaction while thousands of events commit after it leaves a
     * gap in the event store's global index; the read model and orders.events must still get its
     * event when it commits, however far the processors went meanwhile (Axon's default drops a gap
     * 10,000 positions behind).
     */
    @Test
    void aTransactionCommittingLongAfterLaterEventsSkipsNothing() throws Exception {
        String held = newOrder();
        String filler = newOrder();
        java.util.concurrent.CountDownLatch inserted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        var transactions = new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        try (TopicReader published = new TopicReader(EmbeddedInfra.shared().kafka().bootstrapServers(),
                Topics.ORDERS_EVENTS)) {
            var holder = java.util.concurrent.CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
                eventStore.publish(domainEvent(held, 0, new io.paybus.order.command.OrderEvent.PaymentConfirmed(
                        io.paybus.order.command.OrderId.of(held), delivery("evt_held_" + held), "pi_" + held,
                        Money.of(700, "eur"), io.paybus.order.command.OrderStatus.PAID)));
                inserted.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();
            int fillers = 12_000;
            for (int from = 0; from < fillers; from += 1_000) {
                int start = from;
                transactions.executeWithoutResult(tx -> {
                    List<org.axonframework.eventhandling.EventMessage<?>> batch = new ArrayList<>();
                    for (int i = start; i < start + 1_000; i++) {
                        batch.add(domainEvent(filler, i, new io.paybus.order.command.OrderEvent.PaymentFactRecorded(
                                io.paybus.order.command.OrderId.of(filler), delivery("evt_fill_" + i + filler),
                                "pi_" + filler, new io.paybus.order.command.PaymentFact.Processing(),
                                io.paybus.order.command.OrderStatus.PROCESSING)));
                    }
                    eventStore.publish(batch);
                });
            }
            // Both processors went past the held event's position by more than 10,000.
            long last = jdbc.queryForObject("select max(globalindex) from domainevententry", Long.class);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(jdbc.queryForList(
                    "select token from tokenentry where processorname in ('order-summary', 'order-events-publisher')",
                    byte[].class)).allSatisfy(token -> assertThat(indexOf(token)).isGreaterThanOrEqualTo(last)));
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(ApiClient.json(get("/orders/" + held)).path("status").asText()).isEqualTo("PAID"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> held.equals(r.key())).extracting(r -> typeOf(r.value())).contains("order.paid"));
        } finally {
            release.countDown();
        }
    }

    private static String typeOf(byte[] orderEvent) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(orderEvent).path("type").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long indexOf(byte[] token) {
        java.util.regex.Matcher index = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)")
                .matcher(new String(token, StandardCharsets.UTF_8));
        return index.find() ? Long.parseLong(index.group(1)) : -1;
    }

    private static org.axonframework.eventhandling.EventMessage<?> domainEvent(String order, long sequence,
            Object payload) {
        return new org.axonframework.eventhandling.GenericDomainEventMessage<>("Order", order, sequence, payload);
    }

    private static io.paybus.order.command.ProviderDelivery delivery(String eventId) {
        Instant now = Instant.now();
        return new io.paybus.order.command.ProviderDelivery("STRIPE", eventId, now, now);
    }

    @Test
    void operatorsSearchOrdersByStatusAmountCustomerAndDeadLettersPageByPage() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "cus-" + run;
        Instant before = Instant.now().minusSeconds(1);
        List<String> orders = new java.util.ArrayList<>();
        long[] amounts = {1000, 3000, 2000, 500};
        for (int i = 0; i < 5; i++) {
            String order = newOrder();
            orders.add(order);
            io.paybus.events.Customer buyer = new io.paybus.events.Customer(customer, i == 0 ? "a-" + run + "@shop.test"
                    : null, null, null, null);
            send(order, "evt_s" + order, i == 4 ? new PaymentFailed("pi_" + order, "card_declined", "no")
                    : new PaymentSucceeded("pi_" + order, Money.of(amounts[i], "isk")), buyer);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ApiClient.json(
                get("/orders?customerId=" + customer)).path("orders")).hasSize(5));
        // The fourth has an open dead letter.
        jdbc.update("insert into paybus_dead_letter (consumer, record_key, source_topic, source_partition, source_offset,"
                + " error_class, attempts, payload, status, created_at) values (?, ?, 'test', 1, ?, 'test.Poison', 1,"
                + " ?, 'PARKED', now())", SCOPE, orders.get(3), System.nanoTime(), new byte[] {1});

        JsonNode first = ApiClient.json(get("/orders?customerId=" + customer + "&status=PAID&sort=-amount&limit=2"));
        assertThat(first.path("orders").findValuesAsText("orderId")).containsExactly(orders.get(1), orders.get(2));
        JsonNode second = ApiClient.json(get("/orders?customerId=" + customer + "&status=PAID&sort=-amount&limit=2"
                + "&cursor=" + first.path("nextCursor").asText()));
        assertThat(second.path("orders").findValuesAsText("orderId")).containsExactly(orders.get(0), orders.get(3));
        assertThat(second.path("nextCursor").isNull()).as("the last page").isTrue();

        assertThat(ids("customerId=" + customer + "&amountMin=1000&amountMax=2000&sort=amount"))
                .containsExactly(orders.get(0), orders.get(2));
        assertThat(ids("customerId=" + customer + "&status=payment_failed")).containsExactly(orders.get(4));
        assertThat(ids("customerEmail=A-" + run.toUpperCase() + "@shop.test")).containsExactly(orders.get(0));
        assertThat(ids("customerId=" + customer + "&deadLetter=true")).containsExactly(orders.get(3));
        assertThat(ids("customerId=" + customer + "&deadLetter=false")).hasSize(4).doesNotContain(orders.get(3));
        assertThat(ids("customerId=" + customer + "&currency=isk&provider=stripe&createdFrom=" + before
                + "&createdTo=" + Instant.now().plusSeconds(60) + "&sort=created")).hasSize(4).doesNotContain(orders.get(4));
        assertThat(ids("customerId=" + customer + "&updatedFrom=" + Instant.now().plusSeconds(60))).isEmpty();
        assertThat(ApiClient.json(get("/orders/" + orders.get(0))).path("customerEmail").asText())
                .isEqualTo("a-" + run + "@shop.test");

        for (String bad : List.of("limit=0", "limit=201", "sort=size", "status=NOPE", "provider=square",
                "currency=euro", "amountMin=-1", "deadLetter=maybe", "createdFrom=yesterday", "cursor=garbage",
                "sort=created&cursor=" + first.path("nextCursor").asText(), "stauts=PAID")) {
            io.paybus.testsupport.Problems.assertProblem(get("/orders?" + bad), 400, "field_invalid");
        }
    }

    private List<String> ids(String query) {
        return ApiClient.json(get("/orders?" + query)).path("orders").findValuesAsText("orderId");
    }

    @Test
    void analystsReadTheReportingViewsAndNothingElse() throws Exception {
        String order = newOrder();
        send(order, "evt_rp" + order, new PaymentSucceeded("pi_" + order, Money.of(4200, "eur")));
        send(order, "evt_rr" + order, new PaymentRefunded("pi_" + order, "ch_1", Money.of(1200, "eur")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ApiClient.json(get("/orders/" + order))
                .path("status").asText()).isEqualTo("PARTIALLY_REFUNDED"));

        try (java.sql.Connection analyst = io.paybus.testsupport.ReportingRole.analyst(jdbc,
                EmbeddedInfra.shared().postgres().jdbcUrl("orders_flow_it"))) {
            JdbcTemplate reader = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                    analyst, true));
            assertThat(reader.queryForObject("select status || ' ' || amount_minor || ' ' || refunded_minor from"
                    + " reporting.orders where order_id = ?", String.class, order)).isEqualTo("PARTIALLY_REFUNDED 4200 1200");
            assertThat(reader.queryForList("select type from reporting.order_events where order_id = ? order by sequence",
                    String.class, order)).containsExactly("PaymentConfirmed", "RefundRecorded");
            assertThat(reader.queryForObject("select amount_minor || currency || ' ' || source from reporting.payments"
                    + " where order_id = ?", String.class, order)).isEqualTo("4200EUR STRIPE");
            assertThat(reader.queryForObject("select refunded_total_minor from reporting.refunds where order_id = ?",
                    Long.class, order)).isEqualTo(1200);
            assertThat(reader.queryForObject("select count(*) from reporting.disputes", Long.class)).isNotNegative();
            io.paybus.testsupport.ReportingRole.assertRefused(analyst, List.of(
                    "insert into reporting.orders (order_id, status, provider, created_at, updated_at) values"
                            + " ('x', 'PAID', 'STRIPE', now(), now())",
                    "update reporting.orders set status = 'PAID'",
                    "delete from reporting.orders",
                    "create table reporting.mine (x int)",
                    "create table public.mine (x int)",
                    "create view reporting.mine as select 1",
                    "drop view reporting.orders",
                    "select * from public.order_summary",
                    "select * from public.domainevententry",
                    "select * from public.paybus_audit_log",
                    "select * from public.paybus_dead_letter",
                    "truncate public.order_summary"));
        }
    }

    @Test
    void theLagFromTheProvidersEventToTheReadModelIsMeasured() {
        String order = newOrder();
        send(order, "evt_lag_" + order, new PaymentSucceeded("pi_" + order, Money.of(100, "eur")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String metrics = ApiClient.anonymous(managementPort).get("/actuator/prometheus").body();
            java.util.regex.Matcher count = java.util.regex.Pattern.compile(
                    "paybus_order_end_to_end_lag_seconds_count\\{provider=\"STRIPE\"} (\\S+)").matcher(metrics);
            java.util.regex.Matcher sum = java.util.regex.Pattern.compile(
                    "paybus_order_end_to_end_lag_seconds_sum\\{provider=\"STRIPE\"} (\\S+)").matcher(metrics);
            assertThat(count.find()).as(metrics).isTrue();
            assertThat(Double.parseDouble(count.group(1))).isGreaterThanOrEqualTo(1);
            assertThat(sum.find()).isTrue();
            // send() dates the provider's event 2 s before it is sent
            assertThat(Double.parseDouble(sum.group(1))).isGreaterThanOrEqualTo(2);
            assertThat(metrics).contains("paybus_order_end_to_end_lag_seconds_bucket{provider=\"STRIPE\",le=\"5.0\"}");
        });
    }

    @Test
    void operatorsSeeHowManyDeadLettersWaitAndForHowLong() {
        jdbc.update("insert into paybus_dead_letter (consumer, record_key, source_topic, source_partition, source_offset,"
                + " error_class, attempts, payload, status, created_at) values (?, ?, 'test', 1, ?, 'test.Old', 1,"
                + " ?, 'PARKED', now() - interval '2 hours')", SCOPE, newOrder(), System.nanoTime(), new byte[] {1});

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = ApiClient.anonymous(managementPort).get("/actuator/prometheus").body();
            java.util.regex.Matcher parked = java.util.regex.Pattern.compile(
                    "paybus_dead_letters_parked\\{consumer=\"order-service/order-inbound/payments.inbound\"} (\\S+)")
                    .matcher(metrics);
            java.util.regex.Matcher age = java.util.regex.Pattern.compile(
                    "paybus_dead_letters_oldest_age_seconds\\{consumer=\"order-service/order-inbound/payments.inbound\"} (\\S+)")
                    .matcher(metrics);
            assertThat(parked.find()).as(metrics).isTrue();
            assertThat(Double.parseDouble(parked.group(1))).isGreaterThanOrEqualTo(1);
            assertThat(age.find()).isTrue();
            assertThat(Double.parseDouble(age.group(1))).isGreaterThanOrEqualTo(7200);
        });
    }

    private void send(String order, String providerEventId, PaymentEvent payload) {
        send(order, providerEventId, payload, null);
    }

    private void send(String order, String providerEventId, PaymentEvent payload, io.paybus.events.Customer buyer) {
        Instant now = Instant.now();
        PaymentEnvelope envelope = PaymentEnvelope.of(Provider.STRIPE, providerEventId, order, now.minusSeconds(2),
                now, payload, "{\"id\":\"" + providerEventId + "\"}").withBuyer(buyer);
        try {
            producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, order, codec.encode(envelope)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ConsumerRecord<String, byte[]> deadLetterOf(String order) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetterTopic.recordsWithKey(order).isEmpty());
        return deadLetterTopic.recordsWithKey(order).get(0);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String path, String json) {
        return ApiClient.withKey(port, TestCredentials.ALL).post(path, json);
    }

    private HttpResponse<String> get(String path) {
        return ApiClient.withKey(port, TestCredentials.ALL).get(path);
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static String newOrder() {
        return "order-" + UUID.randomUUID();
    }
}
