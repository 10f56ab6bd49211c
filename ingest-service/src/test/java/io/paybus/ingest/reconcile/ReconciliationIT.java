package io.paybus.ingest.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.events.EventCodec;
import io.paybus.events.EventSource;
import io.paybus.events.PaymentEnvelope;
import io.paybus.infra.samples.StripeSamples;
import io.paybus.infra.stub.PaypalEventLog;
import io.paybus.infra.stub.StripeEventLog;
import io.paybus.ingest.IngestTestProperties;
import io.paybus.ingest.WebhookClient;
import io.paybus.ingest.paypal.PaypalEventTranslatorTest;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.TestCredentials;
import io.paybus.testsupport.TopicReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What did we miss? A stubbed Stripe account holds every event it "sent"; some webhooks never
 * arrived, some arrived twice. Sweeps and backfills find the missing ones in its events API and
 * publish them through the webhook's path, once, on the real broker and PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReconciliationIT {

    private static final String ACCOUNT = "stripe:default";
    private static final StripeEventLog stripe = StripeEventLog.start();
    private static final PaypalEventLog paypal = PaypalEventLog.start();
    private static final StripeSamples samples = StripeSamples.load();
    private static final EventCodec codec = new EventCodec();
    private static final TopicReader topic = IngestTestProperties.inboundTopic();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestTestProperties.register(registry);
        registry.add("paybus.ingest.stripe.api-key", () -> "rk_test_reconcile");
        registry.add("paybus.ingest.stripe.api-base", stripe::baseUrl);
        registry.add("paybus.ingest.paypal.client-id", () -> "paybus-test-app");
        registry.add("paybus.ingest.paypal.client-secret", () -> "paybus-test-secret");
        registry.add("paybus.ingest.paypal.api-base", paypal::baseUrl);
        // A second PayPal account (a named endpoint) with its own REST app.
        registry.add("paybus.ingest.paypal.endpoints.eu.webhook-id", () -> "WH-EU-TEST");
        registry.add("paybus.ingest.paypal.endpoints.eu.client-id", () -> "paybus-eu-app");
        registry.add("paybus.ingest.paypal.endpoints.eu.client-secret", () -> "paybus-eu-secret");
        registry.add("paybus.ingest.reconcile.sweep", () -> "false");
        registry.add("paybus.ingest.reconcile.sweep-delay", () -> "0s");
        registry.add("paybus.ingest.reconcile.sweep-window", () -> "1h");
        registry.add("paybus.ingest.reconcile.page-size", () -> "10");
        registry.add("paybus.ingest.reconcile.check", () -> "500ms");
        registry.add("paybus.ingest.reconcile.provider-rate", () -> "1000");
    }

    @AfterAll
    static void close() {
        stripe.close();
        paypal.close();
    }

    @BeforeEach
    void emptyAccount() {
        stripe.clear();
        stripe.failAfter(-1);
        stripe.rateLimitEvery(0, 0);
    }

    @Test
    void aSweepPublishesExactlyTheMissingEventsOnceAndCountsThemAsLost() throws Exception {
        List<Sent> sent = events(40, Instant.now().minus(20, ChronoUnit.MINUTES));
        // Webhooks: the first 30 delivered (5 of them twice), the last 10 never.
        for (int i = 0; i < 30; i++) {
            assertThat(webhook(sent.get(i)).statusCode()).isEqualTo(200);
            if (i < 5) {
                assertThat(ApiClient.json(webhook(sent.get(i))).path("status").asText()).isEqualTo("duplicate");
            }
        }
        // And a type we do not publish: listed, ignored, never a loss.
        stripe.add(samples.paymentIntentSucceeded("evt_ign_" + UUID.randomUUID(), "o", "pi_o", 1, "eur",
                Instant.now().getEpochSecond()).replace("\"payment_intent.succeeded\"", "\"customer.created\""));

        HttpResponse<String> started = operator().post("/admin/reconcile/sweep?account=" + ACCOUNT,
                "{\"reason\":\"integration test\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        long run = ApiClient.json(started).path("runs").get(0).path("run").path("id").asLong();
        JsonNode done = awaitDone(run);

        assertThat(done.path("run").path("scanned").asLong()).isEqualTo(41);
        assertThat(done.path("run").path("relevant").asLong()).isEqualTo(40);
        assertThat(done.path("run").path("delivered").asLong()).isEqualTo(30);
        assertThat(done.path("run").path("recovered").asLong()).isEqualTo(10);
        assertThat(done.path("lossRate").asDouble()).isEqualTo(0.25);
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        for (int i = 0; i < sent.size(); i++) {
            List<ConsumerRecord<String, byte[]>> copies = awaitOnTopic(sent.get(i), 1);
            assertThat(copies).as("event %s on the topic once", sent.get(i).eventId()).hasSize(1);
            PaymentEnvelope envelope = codec.decode(copies.get(0).value());
            assertThat(envelope.source()).isEqualTo(i < 30 ? EventSource.WEBHOOK : EventSource.SWEEP);
            assertThat(header(copies.get(0), "paybus-source")).isEqualTo(i < 30 ? null : "sweep");
        }
        assertThat(metric("paybus_reconcile_loss_ratio\\{account=\"stripe:default\"}")).isEqualTo(0.25);
        assertThat(metric("paybus_reconcile_events_total\\{account=\"stripe:default\",kind=\"sweep\","
                + "outcome=\"recovered\"}")).isGreaterThanOrEqualTo(10);

        // A second sweep finds nothing missing: nothing is published twice.
        long again = ApiClient.json(operator().post("/admin/reconcile/sweep?account=" + ACCOUNT,
                "{\"reason\":\"again\"}")).path("runs").get(0).path("run").path("id").asLong();
        assertThat(awaitDone(again).path("run").path("recovered").asLong()).isZero();
        assertThat(awaitOnTopic(sent.get(39), 1)).hasSize(1);

        // The operators are told of the losses once, on operations.alerts; of a sweep without, nothing.
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("select count(*) from paybus_alert"
                + " where kind = 'reconcile.losses' and subject = ? and published_at is not null", Long.class,
                ACCOUNT + " run " + run) == 1);
        assertThat(jdbc.queryForObject("select summary from paybus_alert where subject = ?", String.class,
                ACCOUNT + " run " + run)).isEqualTo("10 of 40 events of " + ACCOUNT
                + " never came by webhook (sweep " + run + ", loss rate 25.0%)");
        assertThat(jdbc.queryForObject("select count(*) from paybus_alert where subject = ?", Long.class,
                ACCOUNT + " run " + again)).isZero();
    }

    @Test
    void aWebhookArrivingDuringTheSweepForTheSameEventIsPublishedOnce() throws Exception {
        List<Sent> sent = events(30, Instant.now().minus(10, ChronoUnit.MINUTES));
        ExecutorService providers = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<HttpResponse<String>>> deliveries = new ArrayList<>();
            long run = ApiClient.json(operator().post("/admin/reconcile/sweep?account=" + ACCOUNT,
                    "{\"reason\":\"race\"}")).path("runs").get(0).path("run").path("id").asLong();
            for (Sent event : sent) {
                deliveries.add(CompletableFuture.supplyAsync(() -> webhook(event), providers));
            }
            JsonNode done = awaitDone(run);
            long acceptedByWebhook = 0;
            for (CompletableFuture<HttpResponse<String>> delivery : deliveries) {
                HttpResponse<String> answer = delivery.get();
                assertThat(answer.statusCode()).isEqualTo(200);
                acceptedByWebhook += ApiClient.json(answer).path("status").asText().equals("accepted") ? 1 : 0;
            }
            for (Sent event : sent) {
                assertThat(awaitOnTopic(event, 1)).as("event %s once", event.eventId()).hasSize(1);
            }
            assertThat(done.path("run").path("recovered").asLong() + acceptedByWebhook).isEqualTo(30);
        } finally {
            providers.shutdownNow();
        }
    }

    @Test
    void aBackfillThatStoppedHalfwayResumesAndA429StormSlowsItWithoutFailingIt() throws Exception {
        Instant since = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
        List<Sent> sent = events(60, since.plus(2, ChronoUnit.HOURS));
        for (int i = 0; i < 60; i += 3) {
            webhook(sent.get(i)); // a third of them came by webhook
        }
        stripe.failAfter(2); // two pages, then Stripe fails

        HttpResponse<String> started = operator().post("/admin/reconcile/backfill", "{\"account\":\"" + ACCOUNT
                + "\",\"since\":\"" + since + "\",\"until\":\"" + since.plus(1, ChronoUnit.DAYS)
                + "\",\"reason\":\"the endpoint was down\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(ApiClient.json(started).path("runs")).as("the account named, alone").hasSize(1);
        long run = ApiClient.json(started).path("runs").get(0).path("run").path("id").asLong();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode stopped = runView(run);
            assertThat(stopped.path("run").path("lastError").asText()).contains("500");
            assertThat(stopped.path("run").path("scanned").asLong()).isEqualTo(20);
            assertThat(stopped.path("run").path("status").asText()).isEqualTo("RUNNING");
            assertThat(stopped.path("progress").asDouble()).isBetween(0.01, 0.99);
        });
        // As a crashed instance leaves it: held, its lease run out. Another instance (here: this one) resumes it.
        jdbc.update("update reconcile_run set owner = 'crashed-instance', lease_until = now() - interval '1 minute'"
                + " where id = ?", run);
        int callsBefore = stripe.calls();
        stripe.rateLimitEvery(2, 0.3);
        stripe.failAfter(-1);

        JsonNode done = awaitDone(run);
        assertThat(done.path("run").path("scanned").asLong()).isEqualTo(60);
        assertThat(done.path("run").path("recovered").asLong()).isEqualTo(40);
        assertThat(done.path("run").path("delivered").asLong()).isEqualTo(20);
        assertThat(done.path("run").path("lastError").isNull()).isTrue();
        assertThat(stripe.calls() - callsBefore).as("4 pages and the 429s between them").isGreaterThanOrEqualTo(7);
        for (Sent event : sent) {
            assertThat(awaitOnTopic(event, 1)).as("event %s once", event.eventId()).hasSize(1);
        }
        JsonNode audit = ApiClient.json(operator().get("/admin/audit?action=reconcile.backfill")).path("entries");
        assertThat(audit).isNotEmpty();
        assertThat(audit.get(0).path("reason").asText()).isEqualTo("the endpoint was down");
    }

    @Test
    void aPaypalAccountsMissedNotificationsAreFoundAcrossItsPagesAndPublishedOnce() throws Exception {
        paypal.clear();
        paypal.rateLimitEvery(2); // the second call is refused: 429, Retry-After 1
        List<String> orders = new ArrayList<>();
        Instant from = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 15; i++) {
            String order = "rec-pp-" + UUID.randomUUID();
            orders.add(order);
            paypal.add(PaypalEventTranslatorTest.event("WH-" + order, "PAYMENT.CAPTURE.COMPLETED",
                    PaypalEventTranslatorTest.capture("CAP" + i + order.substring(7, 15), order, "12.34", "EUR"))
                    .replace("2026-11-23T12:00:00.123Z", from.plusSeconds(i).toString()));
        }

        long run = ApiClient.json(operator().post("/admin/reconcile/sweep?account=paypal:default",
                "{\"reason\":\"paypal test\"}")).path("runs").get(0).path("run").path("id").asLong();
        JsonNode done = awaitDone(run);

        assertThat(done.path("run").path("scanned").asLong()).as("two pages of 10").isEqualTo(15);
        assertThat(done.path("run").path("recovered").asLong()).isEqualTo(15);
        assertThat(paypal.calls()).as("page 1, a 429, page 2").isEqualTo(3);
        for (String order : orders) {
            await().atMost(Duration.ofSeconds(20)).until(() -> topic.recordsWithKey(order).size() >= 1);
            assertThat(topic.recordsWithKey(order)).hasSize(1).allSatisfy(record -> {
                PaymentEnvelope envelope = codec.decode(record.value());
                assertThat(envelope.provider()).isEqualTo(io.paybus.events.Provider.PAYPAL);
                assertThat(envelope.source()).isEqualTo(EventSource.SWEEP);
            });
        }
        long again = ApiClient.json(operator().post("/admin/reconcile/sweep?account=paypal:default",
                "{\"reason\":\"again\"}")).path("runs").get(0).path("run").path("id").asLong();
        assertThat(awaitDone(again).path("run").path("delivered").asLong()).isEqualTo(15);
        // The named endpoint's account is swept too (the stub serves both apps the same notifications).
        long eu = ApiClient.json(operator().post("/admin/reconcile/sweep?account=paypal:eu",
                "{\"reason\":\"the eu account\"}")).path("runs").get(0).path("run").path("id").asLong();
        assertThat(awaitDone(eu).path("run").path("account").asText()).isEqualTo("paypal:eu");
        paypal.rateLimitEvery(0);
    }

    @Test
    void anObjectBackfillPublishesWhatEachObjectsStateImpliesOnceAsSnapshotsCanceledOnesIncluded() throws Exception {
        // Older than Stripe keeps events: only the objects tell.
        long created = Instant.now().minus(50, ChronoUnit.DAYS).getEpochSecond();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String paid = "obj-paid-" + id;
        String canceled = "obj-canceled-" + id;
        String disputed = "obj-disputed-" + id;
        String waiting = "obj-waiting-" + id;
        var objects = stripe.objects();
        objects.put("charges", samples.charge("ch_" + paid, "pi_" + paid, 5000, 1500, "eur", created));
        objects.put("payment_intents", samples.paymentIntent("pi_" + paid, paid, 5000, "eur", "succeeded",
                "ch_" + paid, created));
        objects.put("payment_intents", samples.paymentIntent("pi_" + canceled, canceled, 700, "eur", "canceled", null,
                created + 1));
        objects.put("payment_intents", samples.paymentIntent("pi_" + disputed, disputed, 900, "eur", "succeeded",
                null, created + 2));
        objects.put("payment_intents", samples.paymentIntent("pi_" + waiting, waiting, 100, "eur",
                "requires_payment_method", null, created + 3));
        objects.put("disputes", samples.dispute("dp_" + disputed, "pi_" + disputed, "ch_" + disputed, 900, "eur",
                "lost", created + 4));
        objects.put("subscriptions", samples.subscription("sub_gone_" + id, "cus_" + id, "price_pro", "canceled",
                created, created + 2_592_000, created));
        objects.put("subscriptions", samples.subscription("sub_live_" + id, "cus_" + id, "price_pro", "active",
                created, created + 2_592_000, created + 5));
        objects.put("invoices", samples.invoice("in_" + id, "sub_live_" + id, "cus_" + id, "paid", 2900, "eur", 1,
                created + 6));
        stripe.rateLimitEvery(3, 0.2);

        JsonNode done = awaitDone(objectBackfill(ACCOUNT, Instant.ofEpochSecond(created).minus(1, ChronoUnit.DAYS)));

        // pi paid: succeeded + refunded; canceled; disputed: succeeded, and its dispute; two subscriptions; an invoice.
        assertThat(done.path("run").path("kind").asText()).isEqualTo("objects");
        assertThat(done.path("run").path("recovered").asLong()).isEqualTo(8);
        assertThat(done.path("progress").asDouble()).isEqualTo(1.0);
        assertThat(types(paid)).containsExactlyInAnyOrder("payment.succeeded", "payment.refunded");
        assertThat(types(canceled)).containsExactly("payment.canceled");
        assertThat(types(disputed)).as("the dispute filed under its PaymentIntent's order")
                .containsExactlyInAnyOrder("payment.succeeded", "dispute.closed");
        assertThat(topic.recordsWithKey(waiting)).as("a payment waiting for its method says nothing").isEmpty();
        assertThat(types("sub_gone_" + id)).containsExactly("subscription.changed");
        assertThat(types("sub_live_" + id)).containsExactlyInAnyOrder("subscription.changed", "invoice.changed");
        PaymentEnvelope refunded = topic.recordsWithKey(paid).stream().map(r -> codec.decode(r.value()))
                .filter(e -> e.type().equals("payment.refunded")).findFirst().orElseThrow();
        assertThat(refunded.source()).isEqualTo(EventSource.SNAPSHOT);
        assertThat(refunded.providerEventId()).startsWith("snapshot:ch_" + paid + ":refunds:");
        assertThat(((io.paybus.events.PaymentRefunded) refunded.payload()).refundedTotal().minor()).isEqualTo(1500);
        assertThat(refunded.occurredAt()).as("dated when read").isAfter(Instant.now().minus(1, ChronoUnit.MINUTES));
        PaymentEnvelope gone = codec.decode(topic.recordsWithKey("sub_gone_" + id).get(0).value());
        assertThat(((io.paybus.events.SubscriptionChanged) gone.payload()).change())
                .isEqualTo(io.paybus.events.SubscriptionChanged.Change.CANCELED);

        // The same states listed again are the same snapshots: nothing new. A changed state is a new one.
        objects.put("charges", samples.charge("ch_" + paid, "pi_" + paid, 5000, 5000, "eur", created));
        JsonNode again = awaitDone(objectBackfill(ACCOUNT, Instant.ofEpochSecond(created).minus(1, ChronoUnit.DAYS)));
        assertThat(again.path("run").path("recovered").asLong()).isEqualTo(1);
        assertThat(again.path("run").path("delivered").asLong()).as("the other 7 states, unchanged").isEqualTo(7);
        await().atMost(Duration.ofSeconds(20)).until(() -> types(paid).size() == 3);
        assertThat(types(canceled)).hasSize(1);
        // Snapshots are not losses: the loss-rate alert counts outcome="recovered" of every kind.
        assertThat(metric("paybus_reconcile_events_total\\{account=\"stripe:default\",kind=\"objects\","
                + "outcome=\"snapshot_published\"}")).isGreaterThanOrEqualTo(9);
        assertThat(ApiClient.anonymous(managementPort).get("/actuator/prometheus").body())
                .doesNotContain("kind=\"objects\",outcome=\"recovered\"");
        assertThat(jdbc.queryForObject("select count(*) from paybus_alert where kind = 'reconcile.losses' and subject"
                + " = ?", Long.class, ACCOUNT + " run " + done.path("run").path("id").asLong()))
                .as("no losses alert for snapshots").isZero();
        JsonNode audit = ApiClient.json(operator().get("/admin/audit?action=reconcile.backfill-objects"))
                .path("entries");
        assertThat(audit).isNotEmpty();
        stripe.rateLimitEvery(0, 0);
    }

    @Test
    void aPaypalObjectBackfillReadsTransactionSearchInSlicesOf31DaysAndRefundsAsTheirRefund() throws Exception {
        String order = "obj-pp-" + UUID.randomUUID().toString().substring(0, 8);
        String old = "obj-pp-old-" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var transactions = paypal.transactions();
        transactions.capture("CAPOLD" + old.substring(11), old, "20.00", "EUR", "S", now.minus(40, ChronoUnit.DAYS));
        transactions.capture("CAPNEW" + order.substring(7), order, "30.00", "EUR", "S", now.minus(2, ChronoUnit.DAYS));
        transactions.refund("REF" + order.substring(7), "CAPNEW" + order.substring(7), order, "10.00", "10.00", "EUR",
                now.minus(1, ChronoUnit.DAYS));

        JsonNode done = awaitDone(objectBackfill("paypal:default", now.minus(45, ChronoUnit.DAYS)));

        assertThat(done.path("run").path("recovered").asLong()).isEqualTo(3);
        assertThat(types(old)).as("found in the older 31-day slice").containsExactly("payment.succeeded");
        assertThat(types(order)).containsExactlyInAnyOrder("payment.succeeded", "payment.refunded");
        PaymentEnvelope refund = topic.recordsWithKey(order).stream().map(r -> codec.decode(r.value()))
                .filter(e -> e.type().equals("payment.refunded")).findFirst().orElseThrow();
        assertThat(refund.payload().toString()).contains("CAPNEW");
        assertThat(refund.source()).isEqualTo(EventSource.SNAPSHOT);
    }

    private long objectBackfill(String account, Instant since) {
        HttpResponse<String> started = operator().post("/admin/reconcile/backfill", "{\"account\":\"" + account
                + "\",\"since\":\"" + since + "\",\"objects\":true,\"reason\":\"first install\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return ApiClient.json(started).path("runs").get(0).path("run").path("id").asLong();
    }

    /** The types of the records of a key on the topic, once they stopped coming. */
    private List<String> types(String key) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !topic.recordsWithKey(key).isEmpty());
        return topic.recordsWithKey(key).stream().map(r -> codec.decode(r.value()).type()).toList();
    }

    @Test
    void verbsNeedAReasonAndAKnownAccount() {
        assertThat(operator().post("/admin/reconcile/sweep", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = operator().post("/admin/reconcile/sweep?account=stripe:nope",
                "{\"reason\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(unknown).path("code").asText()).isEqualTo("account_not_configured");
        HttpResponse<String> badDate = operator().post("/admin/reconcile/backfill",
                "{\"since\":\"last week\",\"reason\":\"x\"}");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(badDate).path("field").asText()).isEqualTo("since");
        assertThat(ApiClient.json(operator().get("/admin/reconcile/accounts")).path("accounts"))
                .extracting(JsonNode::asText).containsExactly("paypal:default", "paypal:eu", ACCOUNT);
    }

    private record Sent(String eventId, String order, String json) {
    }

    /** {@code n} payment events of new orders, one a second from {@code from}, kept by the stub. */
    private List<Sent> events(int n, Instant from) {
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String order = "rec-" + UUID.randomUUID();
            String eventId = "evt_" + order;
            String json = samples.paymentIntentSucceeded(eventId, order, "pi_" + order, 1000 + i, "eur",
                    from.getEpochSecond() + i);
            stripe.add(json);
            sent.add(new Sent(eventId, order, json));
        }
        return sent;
    }

    private HttpResponse<String> webhook(Sent event) {
        return new WebhookClient(port).postStripe(event.json());
    }

    private List<ConsumerRecord<String, byte[]>> awaitOnTopic(Sent event, int atLeast) {
        await().atMost(Duration.ofSeconds(20)).until(() -> topic.recordsWithKey(event.order()).size() >= atLeast);
        return topic.recordsWithKey(event.order());
    }

    private JsonNode awaitDone(long run) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(runView(run).path("run").path("status").asText()).isEqualTo("DONE"));
        return runView(run);
    }

    private JsonNode runView(long run) {
        return ApiClient.json(operator().get("/admin/reconcile/runs/" + run));
    }

    private double metric(String pattern) {
        String metrics = ApiClient.anonymous(managementPort).get("/actuator/prometheus").body();
        Matcher value = Pattern.compile(pattern + " (\\S+)").matcher(metrics);
        assertThat(value.find()).as(metrics).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ApiClient operator() {
        return ApiClient.withKey(port, TestCredentials.ALL);
    }
}
