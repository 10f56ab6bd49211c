package io.paybus.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paybus.billing.outbox.BillingOutbox;
import io.paybus.billing.schedule.RenewalDue;
import io.paybus.billing.schedule.RenewalScheduler;
import io.paybus.events.BillingEvent;
import io.paybus.events.EventCodec;
import io.paybus.events.InvoiceChanged;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.Provider;
import io.paybus.events.Schemas;
import io.paybus.events.SubscriptionChanged;
import io.paybus.events.SubscriptionEvent;
import io.paybus.events.Topics;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.TopicReader;
import io.paybus.testsupport.TestCredentials;
import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Subscriptions, renewals, dunning, credits and usage on the real broker and PostgreSQL, with
 * Stripe's API behind a local HTTP stub (stripe-java's real client) and an injected clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "paybus.billing.schedule-interval=200ms",
        // Its tests list every billing event of a subscription; renewal notices have their own test.
        "paybus.billing.renewal-notice=0s",
        "paybus.billing.schedule-retries=3",
        "paybus.billing.schedule-retry-wait=200ms",
        "paybus.billing.provider-rate=5",
        "paybus.billing.provider-burst=1",
        "paybus.billing.stripe.api-key=sk_test_billing",
        "paybus.billing.stripe.timeout=5s"})
class BillingIT {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(START);
    private static final ForgetfulStripe FORGETFUL = new ForgetfulStripe(CLOCK);
    private static final WireMockServer stub = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .extensions(FORGETFUL));
    private static final StripeSamples samples = StripeSamples.load();
    private static KafkaProducer<String, byte[]> producer;
    private static TopicReader billingEvents;
    private static TopicReader schedule;
    private static TopicReader scheduleDlt;

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper json = new ObjectMapper().registerModule(
            new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    io.paybus.billing.renewal.RenewalRepository renewalRows;
    @Autowired
    KafkaTemplate<Object, Object> kafka;
    @Autowired
    ObjectMapper billingJson;
    @Autowired
    BillingOutbox outbox;
    @Autowired
    io.paybus.billing.schedule.RenewalNotices notices;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void analystsReadTheReportingViewsAndNothingElse() throws Exception {
        try (java.sql.Connection analyst = io.paybus.testsupport.ReportingRole.analyst(jdbc,
                io.paybus.infra.EmbeddedInfra.shared().postgres().jdbcUrl("billing_it"))) {
            JdbcTemplate reader = new JdbcTemplate(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
                    analyst, true));
            for (String view : List.of("subscriptions", "invoices", "receipts", "credit_notes", "credits_ledger",
                    "usage")) {
                assertThat(reader.queryForObject("select count(*) from reporting." + view, Long.class)).as(view)
                        .isEqualTo(jdbc.queryForObject("select count(*) from reporting." + view, Long.class));
            }
            io.paybus.testsupport.ReportingRole.assertRefused(analyst, List.of(
                    "insert into reporting.credits_ledger (customer_id, request_key, amount, balance_after, created_at)"
                            + " values ('c', 'k', 1000000, 1000000, now())",
                    "update reporting.subscriptions set status = 'active'",
                    "delete from reporting.receipts",
                    "create table reporting.mine (x int)",
                    "select * from public.credit_balance",
                    "select * from public.receipt",
                    "select * from public.document_counter",
                    "update public.credit_balance set balance = balance + 1000"));
        }
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        stub.start();
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafka().bootstrapServers());
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl("billing_it"));
        TestCredentials.register(registry::add);
        registry.add("paybus.billing.stripe.api-base", stub::baseUrl);
    }

    @BeforeAll
    static void clients() {
        // Stripe's lists, empty unless a test's own stubs say otherwise.
        for (String list : List.of("/v1/invoices", "/v1/invoiceitems")) {
            stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(list)).atPriority(10)
                    .willReturn(json(200, "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"" + list + "\"}")));
        }
        String bootstrap = EmbeddedInfra.shared().kafka().bootstrapServers();
        producer = io.paybus.testsupport.TestProducers.bytes(bootstrap);
        billingEvents = new TopicReader(bootstrap, Topics.BILLING_EVENTS);
        schedule = new TopicReader(bootstrap, Topics.BILLING_SCHEDULE);
        scheduleDlt = new TopicReader(bootstrap, Topics.BILLING_SCHEDULE_DLT);
    }

    @AfterAll
    static void close() throws InterruptedException {
        producer.close();
        billingEvents.close();
        schedule.close();
        scheduleDlt.close();
        stub.stop();
    }

    @Test
    void aDueSubscriptionRenewsOnceThoughItsScheduleEventComesThreeTimesAndStripeFailsAfterDoingTheWork()
            throws Exception {
        String sub = "sub_once_" + shortId();
        String invoice = "in_" + sub;
        stubInvoice(sub, invoice, 2900);
        // The first payment call fails with a 500 after Stripe did the work; the retry, with the same
        // idempotency key, gets the paid invoice (what Stripe answers a repeated key with).
        stub.stubFor(post(urlEqualTo("/v1/invoices/" + invoice + "/pay")).inScenario(sub)
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("paid")
                .willReturn(json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"An unknown error occurred\"}}")));
        stub.stubFor(post(urlEqualTo("/v1/invoices/" + invoice + "/pay")).inScenario(sub).whenScenarioStateIs("paid")
                .willReturn(json(200, samples.invoice(invoice, sub, "cus_" + sub, "paid", 2900, "eur"))));
        Instant periodStart = now().minus(30, ChronoUnit.DAYS);
        Instant periodEnd = now().minus(1, ChronoUnit.HOURS);

        subscribe(sub, "cus_" + sub, "price_pro_monthly", "active", periodStart, periodEnd);
        await().atMost(Duration.ofSeconds(20)).until(() -> renewalState(sub) != null);
        RenewalDue again = new RenewalDue(sub, periodStart, periodEnd, 1, now());
        producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, sub, billingJson.writeValueAsBytes(again))).get();
        producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, sub, billingJson.writeValueAsBytes(again))).get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(eventsOf(sub)).extracting(BillingEvent::type).contains(BillingEvent.RENEWAL_SUCCEEDED));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(schedule.records())
                .filteredOn(r -> sub.equals(r.key())).hasSizeGreaterThanOrEqualTo(3));
        awaitScheduleConsumed(); // the copies were processed: they must change nothing
        assertThat(eventsOf(sub)).extracting(BillingEvent::type).containsExactly(BillingEvent.RENEWAL_SUCCEEDED);
        BillingEvent renewed = eventsOf(sub).get(0);
        assertThat(renewed.amount().minor()).isEqualTo(2900);
        assertThat(renewed.invoiceRef()).isEqualTo(invoice);
        assertThat(renewed.periodEnd()).isEqualTo(periodEnd);

        String key = "paybus-renewal-" + sub + "-" + periodStart.getEpochSecond();
        List<LoggedRequest> pays = stub.findAll(postRequestedFor(urlEqualTo("/v1/invoices/" + invoice + "/pay")));
        assertThat(pays).hasSize(2).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(key + "-pay-1");
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/v1/invoices")).withRequestBody(containing(sub))))
                .extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(key + "-invoice");

        JsonNode view = getJson("/subscriptions/" + sub);
        assertThat(view.path("status").asText()).isEqualTo("active");
        assertThat(Instant.parse(view.path("currentPeriodStart").asText())).isEqualTo(periodEnd);
        assertThat(Instant.parse(view.path("currentPeriodEnd").asText()))
                .isEqualTo(periodEnd.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant());
        // Pro plan: 1000 credits for the period it started in, 1000 for the renewed one.
        assertThat(getJson("/customers/cus_" + sub + "/credits").path("balance").asLong()).isEqualTo(2000);
        for (ConsumerRecord<String, byte[]> record : billingEvents.records()) {
            assertThat(Schemas.violations(Schemas.BILLING_EVENTS, record.value())).isEmpty();
        }
    }

    @Test
    void aDeclinedRenewalWalksTheDunningScheduleToPastDueAndCanceled() throws Exception {
        String sub = "sub_dun_" + shortId();
        String invoice = "in_" + sub;
        stubInvoice(sub, invoice, 900);
        stub.stubFor(post(urlEqualTo("/v1/invoices/" + invoice + "/pay")).willReturn(json(402,
                "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\"insufficient_funds\","
                        + "\"message\":\"Your card has insufficient funds.\"}}")));
        stub.stubFor(delete(urlEqualTo("/v1/subscriptions/" + sub)).willReturn(json(200,
                samples.subscriptionCanceled(sub, "cus_" + sub))));

        subscribe(sub, "cus_" + sub, "price_starter_monthly", "active", now().minus(30, ChronoUnit.DAYS),
                now().minusSeconds(60));

        List<String> expected = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            expected.addAll(List.of(BillingEvent.RENEWAL_FAILED, BillingEvent.RENEWAL_RETRY_SCHEDULED));
            awaitTypes(sub, expected);
            BillingEvent retry = eventsOf(sub).get(expected.size() - 1);
            long days = List.of(1L, 3L, 5L).get(attempt - 1);
            assertThat(retry.attempt()).isEqualTo(attempt);
            assertThat(retry.nextAttemptAt()).isEqualTo(retry.occurredAt().plus(days, ChronoUnit.DAYS));
            assertThat(getJson("/subscriptions/" + sub).path("status").asText()).isEqualTo("active");
            CLOCK.advance(Duration.ofDays(days).plusSeconds(1));
        }
        expected.addAll(List.of(BillingEvent.RENEWAL_FAILED, BillingEvent.SUBSCRIPTION_PAST_DUE));
        awaitTypes(sub, expected);
        assertThat(getJson("/subscriptions/" + sub).path("status").asText()).isEqualTo("past_due");
        assertThat(stub.findAll(deleteRequestedFor(urlEqualTo("/v1/subscriptions/" + sub)))).isEmpty();

        CLOCK.advance(Duration.ofDays(7).plusSeconds(1));
        expected.add(BillingEvent.SUBSCRIPTION_CANCELED);
        awaitTypes(sub, expected);
        assertThat(getJson("/subscriptions/" + sub).path("status").asText()).isEqualTo("canceled");
        assertThat(stub.findAll(deleteRequestedFor(urlEqualTo("/v1/subscriptions/" + sub)))).hasSize(1);
        // Each attempt paid with its own key (Stripe answers a repeated key with the same decline).
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/v1/invoices/" + invoice + "/pay"))))
                .extracting(r -> r.getHeader("Idempotency-Key")).doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void dunningDaysApartFindsThePeriodsInvoiceAgainAfterStripeForgotTheKeys() throws Exception {
        String sub = "sub_forget_" + shortId();
        String customer = "cus_" + sub;
        for (java.util.function.Supplier<com.github.tomakehurst.wiremock.client.MappingBuilder> route : List.<java.util.function.Supplier<com.github.tomakehurst.wiremock.client.MappingBuilder>>of(
                () -> post(urlEqualTo("/v1/invoices")).withRequestBody(containing(sub)),
                () -> post(urlEqualTo("/v1/invoiceitems")).withRequestBody(containing(sub)),
                () -> com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/invoices"))
                        .withQueryParam("subscription", com.github.tomakehurst.wiremock.client.WireMock.equalTo(sub)),
                () -> com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/invoiceitems"))
                        .withQueryParam("customer", com.github.tomakehurst.wiremock.client.WireMock.equalTo(customer)),
                () -> post(urlMatching("/v1/invoices/in_" + sub + "_.*/pay")))) {
            stub.stubFor(route.get().atPriority(1).willReturn(aResponse().withTransformers(ForgetfulStripe.NAME)));
        }
        FORGETFUL.declines = 3;
        subscribe(sub, customer, "price_starter_monthly", "active", now().minus(29, ChronoUnit.DAYS),
                now().plusSeconds(60));
        assertThat(postJson("/customers/" + customer + "/usage", "{\"key\":\"f1\",\"amount\":5}").statusCode())
                .isEqualTo(201);
        CLOCK.advance(Duration.ofMinutes(2));

        List<String> expected = new ArrayList<>();
        for (long days : List.of(1L, 3L, 5L)) {
            expected.addAll(List.of(BillingEvent.RENEWAL_FAILED, BillingEvent.RENEWAL_RETRY_SCHEDULED));
            awaitTypes(sub, expected);
            CLOCK.advance(Duration.ofDays(days).plusSeconds(1)); // past Stripe's 24 hours of key memory
        }
        expected.add(BillingEvent.RENEWAL_SUCCEEDED);
        awaitTypes(sub, expected);

        assertThat(FORGETFUL.invoicesCreated()).as("one invoice for the period, paid on its fourth attempt")
                .isEqualTo(1);
        assertThat(FORGETFUL.itemsCreated()).as("its usage billed once").isEqualTo(1);
        BillingEvent renewed = eventsOf(sub).get(expected.size() - 1);
        assertThat(renewed.invoiceRef()).isEqualTo("in_" + sub + "_1");
        assertThat(renewed.amount().minor()).isEqualTo(910); // 900 + 5 units at 2 cents
    }

    @Test
    void aRateLimitStormKeepsCallsUnderTheConfiguredRate() throws Exception {
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String sub = "sub_storm_" + shortId();
            subs.add(sub);
            String invoice = "in_" + sub;
            // Every subscription's first invoice call is answered 429 with Retry-After: 1.
            stub.stubFor(post(urlEqualTo("/v1/invoices")).withRequestBody(containing(sub)).inScenario(sub)
                    .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("calm")
                    .willReturn(json(429, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\","
                            + "\"message\":\"Too many requests\"}}").withHeader("Retry-After", "1")));
            stub.stubFor(post(urlEqualTo("/v1/invoices")).withRequestBody(containing(sub)).inScenario(sub)
                    .whenScenarioStateIs("calm")
                    .willReturn(json(200, samples.invoice(invoice, sub, "cus_" + sub, "draft", 2900, "eur"))));
            stub.stubFor(post(urlEqualTo("/v1/invoices/" + invoice + "/pay"))
                    .willReturn(json(200, samples.invoice(invoice, sub, "cus_" + sub, "paid", 2900, "eur"))));
        }
        for (String sub : subs) {
            subscribe(sub, "cus_" + sub, "price_pro_monthly", "active", now().minus(30, ChronoUnit.DAYS),
                    now().minusSeconds(10));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> subs.forEach(sub ->
                assertThat(eventsOf(sub)).extracting(BillingEvent::type).contains(BillingEvent.RENEWAL_SUCCEEDED)));

        List<LoggedRequest> calls = stub.findAll(postRequestedFor(urlPathMatching("/v1/invoices.*")))
                .stream().filter(r -> subs.stream().anyMatch(s -> r.getUrl().contains(s)
                        || r.getBodyAsString().contains(s))).sorted(java.util.Comparator.comparing(
                        LoggedRequest::getLoggedDate)).toList();
        assertThat(calls).hasSize(15); // per subscription: 429, invoice, pay
        // The bucket: 5 calls per second with a burst of 1; any second holds at most 5 + 1.
        for (LoggedRequest first : calls) {
            long from = first.getLoggedDate().getTime();
            long inWindow = calls.stream().map(r -> r.getLoggedDate().getTime())
                    .filter(t -> t >= from && t < from + 1000).count();
            assertThat(inWindow).as("calls in the second after %s", first.getLoggedDate()).isLessThanOrEqualTo(6);
        }
        // After a 429 with Retry-After: 1, nobody called for (about) a second.
        List<LoggedRequest> limited = calls.stream().filter(r -> stub.getAllServeEvents().stream()
                .anyMatch(e -> e.getRequest().getId().equals(r.getId()) && e.getResponse().getStatus() == 429))
                .toList();
        assertThat(limited).isNotEmpty();
        for (LoggedRequest rejected : limited) {
            long at = rejected.getLoggedDate().getTime();
            assertThat(calls.stream().map(r -> r.getLoggedDate().getTime()).filter(t -> t > at && t < at + 900))
                    .as("calls within Retry-After of %s", rejected.getLoggedDate()).isEmpty();
        }
    }

    @Test
    void twoSchedulersRunningAtOnceScheduleEachPeriodOnce() throws Exception {
        RenewalScheduler other = new RenewalScheduler(renewalRows, kafka, billingJson, outbox, notices, transactions,
                CLOCK);
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String sub = "sub_two_" + shortId();
            subs.add(sub);
            stubInvoice(sub, "in_" + sub, 2900);
            stub.stubFor(post(urlEqualTo("/v1/invoices/in_" + sub + "/pay"))
                    .willReturn(json(200, samples.invoice("in_" + sub, sub, "cus_" + sub, "paid", 2900, "eur"))));
        }
        // Both schedulers (and the service's own) race over the same due periods.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            runs.add(pool.submit((Callable<Void>) () -> {
                go.await();
                // Ticks until every period has been scheduled and published, by whichever scheduler.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    other.tick();
                    return subs.stream().allMatch(this::renewalPublished);
                });
                return null;
            }));
        }
        go.countDown();
        for (String sub : subs) {
            subscribe(sub, "cus_" + sub, "price_pro_monthly", "active", now().minus(30, ChronoUnit.DAYS),
                    now().minusSeconds(5));
        }
        for (Future<?> run : runs) {
            run.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> subs.forEach(sub ->
                assertThat(eventsOf(sub)).extracting(BillingEvent::type).contains(BillingEvent.RENEWAL_SUCCEEDED)));
        for (String sub : subs) {
            assertThat(schedule.records()).filteredOn(r -> sub.equals(r.key())).as("schedule events of " + sub)
                    .hasSize(1);
            assertThat(eventsOf(sub)).extracting(BillingEvent::type).containsExactly(BillingEvent.RENEWAL_SUCCEEDED);
        }
    }

    @Test
    void creditsNeverGoNegativeWithFiftyConcurrentConsumers() throws Exception {
        String customer = "cus_credits_" + shortId();
        assertThat(postJson("/customers/" + customer + "/credits/grant", "{\"key\":\"g1\",\"amount\":100}").statusCode())
                .isEqualTo(201);

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = "c" + i;
            results.add(pool.submit(() -> {
                go.await();
                return postJson("/customers/" + customer + "/credits/consume", "{\"key\":\"" + key + "\",\"amount\":3}")
                        .statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(33);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(17);
        assertThat(getJson("/customers/" + customer + "/credits").path("balance").asLong()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select min(balance_after) from credit_ledger where customer_id = ?", Long.class,
                customer)).isGreaterThanOrEqualTo(0);

        String winner = "c" + statuses.indexOf(200);
        HttpResponse<String> again = postJson("/customers/" + customer + "/credits/consume",
                "{\"key\":\"" + winner + "\",\"amount\":3}");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(getJson("/customers/" + customer + "/credits").path("balance").asLong()).isEqualTo(1);
        HttpResponse<String> reused = postJson("/customers/" + customer + "/credits/consume",
                "{\"key\":\"" + winner + "\",\"amount\":1}");
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(ApiClient.json(reused).path("code").asText()).isEqualTo("idempotency_key_reused");
        for (int status : List.of(200, 409, 422)) {
            io.paybus.testsupport.SecurityMatrix.assertDocumented(port, "POST /customers/{customerId}/credits/consume",
                    status);
        }
        assertThat(postJson("/customers/" + customer + "/credits/consume", "{\"amount\":1}").statusCode()).isEqualTo(400);
    }

    @Test
    void usageIsReportedOnceAtTheRenewalOfItsPeriod() throws Exception {
        String sub = "sub_usage_" + shortId();
        String customer = "cus_" + sub;
        String invoice = "in_" + sub;
        stubInvoice(sub, invoice, 933);
        stub.stubFor(post(urlEqualTo("/v1/invoices/" + invoice + "/pay"))
                .willReturn(json(200, samples.invoice(invoice, sub, customer, "paid", 933, "eur"))));
        stub.stubFor(post(urlEqualTo("/v1/invoiceitems")).withRequestBody(containing(sub))
                .willReturn(json(200, samples.invoiceItem("ii_" + sub, customer, 24, "eur"))));
        subscribe(sub, customer, "price_starter_monthly", "active", now().minus(29, ChronoUnit.DAYS),
                now().plusSeconds(120));

        assertThat(postJson("/customers/" + customer + "/usage", "{\"key\":\"u1\",\"amount\":5}").statusCode())
                .isEqualTo(201);
        assertThat(postJson("/customers/" + customer + "/usage", "{\"key\":\"u2\",\"amount\":7}").statusCode())
                .isEqualTo(201);
        assertThat(postJson("/customers/" + customer + "/usage", "{\"key\":\"u2\",\"amount\":7}").statusCode())
                .as("the same key again").isEqualTo(200);
        assertThat(getJson("/customers/" + customer + "/usage").path("unbilled").asLong()).isEqualTo(12);

        CLOCK.advance(Duration.ofMinutes(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(eventsOf(sub)).extracting(BillingEvent::type).contains(BillingEvent.RENEWAL_SUCCEEDED));

        List<LoggedRequest> items = stub.findAll(postRequestedFor(urlEqualTo("/v1/invoiceitems"))
                .withRequestBody(containing(sub)));
        assertThat(items).hasSize(1);
        assertThat(java.net.URLDecoder.decode(items.get(0).getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("amount=24", "currency=eur", "customer=" + customer); // 12 units at 2 cents (starter)
        assertThat(items.get(0).getHeader("Idempotency-Key")).endsWith("-usage");
        assertThat(getJson("/customers/" + customer + "/usage").path("unbilled").asLong()).isZero();
    }

    @Test
    void subscriptionsFollowTheProvidersEventsWithoutCallingIt() throws Exception {
        String sub = "I-PAYPAL" + shortId().toUpperCase();
        String customer = "payer_" + shortId();
        Instant t = now();
        publish(Provider.PAYPAL, "WH-1" + sub, t, new SubscriptionChanged(sub, SubscriptionChanged.Change.ACTIVATED,
                customer, "ACTIVE", "P-PLAN", t, t.plus(30, ChronoUnit.DAYS), null, false));
        publish(Provider.PAYPAL, "WH-2" + sub, t.plusSeconds(60), new SubscriptionChanged(sub,
                SubscriptionChanged.Change.SUSPENDED, customer, "SUSPENDED", "P-PLAN", null, null, null, false));
        // An older event delivered late does not undo the suspension.
        publish(Provider.PAYPAL, "WH-0" + sub, t.minusSeconds(60), new SubscriptionChanged(sub,
                SubscriptionChanged.Change.CREATED, customer, "APPROVAL_PENDING", "P-PLAN", null, null, null, false));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("select count(*) from applied_provider_event where event_key like ?",
                        Integer.class, "PAYPAL:WH-%" + sub)).isEqualTo(3));
        JsonNode view = getJson("/subscriptions/" + sub);
        assertThat(view.path("status").asText()).isEqualTo("paused");
        assertThat(view.path("provider").asText()).isEqualTo("PAYPAL");
        assertThat(view.path("customerId").asText()).isEqualTo(customer);
        assertThat(getJson("/customers/" + customer + "/subscriptions").get(0).path("subscriptionId").asText())
                .isEqualTo(sub);

        String stripeSub = "sub_inv_" + shortId();
        subscribe(stripeSub, "cus_" + stripeSub, "price_pro_monthly", "active", t, t.plus(30, ChronoUnit.DAYS));
        publish(Provider.STRIPE, "evt_f" + stripeSub, t.plusSeconds(5), new InvoiceChanged(stripeSub,
                InvoiceChanged.Change.PAYMENT_FAILED, "in_x", "cus_" + stripeSub, null, null, "open", null, null, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(getJson("/subscriptions/" + stripeSub).path("status").asText()).isEqualTo("past_due"));
        publish(Provider.STRIPE, "evt_p" + stripeSub, t.plusSeconds(9), new InvoiceChanged(stripeSub,
                InvoiceChanged.Change.PAID, "in_x", "cus_" + stripeSub, null, null, "paid", null, null, 2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(getJson("/subscriptions/" + stripeSub).path("status").asText()).isEqualTo("active"));

        HttpResponse<String> unknown = get("/subscriptions/sub_nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiClient.json(unknown).path("code").asText()).isEqualTo("subscription_not_found");
    }

    @Test
    void operatorsSearchSubscriptionsByCustomerStatusAndRenewalWindowPageByPage() throws Exception {
        String customer = "cus_search_" + shortId();
        Instant t = now();
        List<String> subs = List.of("sub_s1_" + shortId(), "sub_s2_" + shortId(), "sub_s3_" + shortId());
        for (int i = 0; i < 3; i++) {
            subscribe(subs.get(i), customer, "price_pro_monthly", i == 2 ? "canceled" : "active", t,
                    t.plus(10 * (i + 1), ChronoUnit.DAYS));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(getJson("/subscriptions?customerId="
                + customer).path("subscriptions")).hasSize(3));

        JsonNode first = getJson("/subscriptions?customerId=" + customer + "&status=ACTIVE&sort=periodEnd&limit=1");
        assertThat(first.path("subscriptions").findValuesAsText("subscriptionId")).containsExactly(subs.get(0));
        JsonNode second = getJson("/subscriptions?customerId=" + customer + "&status=active&sort=periodEnd&limit=1"
                + "&cursor=" + first.path("nextCursor").asText());
        assertThat(second.path("subscriptions").findValuesAsText("subscriptionId")).containsExactly(subs.get(1));
        assertThat(second.path("nextCursor").isNull()).isTrue();
        assertThat(getJson("/subscriptions?customerId=" + customer + "&periodEndFrom=" + t.plus(15, ChronoUnit.DAYS)
                + "&periodEndTo=" + t.plus(25, ChronoUnit.DAYS)).path("subscriptions")
                .findValuesAsText("subscriptionId")).containsExactly(subs.get(1));
        assertThat(getJson("/subscriptions?customerId=" + customer + "&status=canceled&provider=stripe")
                .path("subscriptions").findValuesAsText("subscriptionId")).containsExactly(subs.get(2));
        // A customer's subscriptions, a page at a time.
        HttpResponse<String> firstTwo = get("/customers/" + customer + "/subscriptions?limit=2");
        assertThat(ApiClient.json(firstTwo).findValuesAsText("subscriptionId")).containsExactlyElementsOf(
                subs.stream().sorted().limit(2).toList());
        HttpResponse<String> last = get("/customers/" + customer + "/subscriptions?limit=2&cursor="
                + firstTwo.headers().firstValue("Paybus-Next-Cursor").orElseThrow());
        assertThat(ApiClient.json(last).findValuesAsText("subscriptionId")).containsExactly(
                subs.stream().sorted().toList().get(2));
        assertThat(last.headers().firstValue("Paybus-Next-Cursor")).isEmpty();
        io.paybus.testsupport.Problems.assertProblem(get("/customers/" + customer + "/subscriptions?limit=0"), 400,
                "field_invalid");
        for (String bad : List.of("status=nope", "sort=price", "limit=0", "limit=201", "cursor=garbage",
                "periodEndFrom=soon", "cancelAtPeriodEnd=maybe", "custmerId=" + customer,
                "sort=updated&cursor=" + first.path("nextCursor").asText())) {
            io.paybus.testsupport.Problems.assertProblem(get("/subscriptions?" + bad), 400, "field_invalid");
        }
    }

    @Test
    void anOlderSnapshotArrivingAfterANewerWebhookChangesNothing() throws Exception {
        String sub = "sub_snap_" + shortId();
        String customer = "cus_" + sub;
        Instant t = now().truncatedTo(ChronoUnit.SECONDS);
        subscribe(sub, customer, "price_starter_monthly", "active", t, t.plus(30, ChronoUnit.DAYS));
        // The webhook: moved to the pro plan, then canceled, at t+60.
        publish(Provider.STRIPE, "evt_up" + sub, t.plusSeconds(60), new SubscriptionChanged(sub,
                SubscriptionChanged.Change.CANCELED, customer, "canceled", "price_pro_monthly", t,
                t.plus(30, ChronoUnit.DAYS), null, false));
        // A snapshot read at t+30, before both, arrives after them: active, on the starter plan.
        publish(Provider.STRIPE, "snapshot:" + sub + ":subscription:00aa11bb22cc33dd", t.plusSeconds(30),
                new SubscriptionChanged(sub, SubscriptionChanged.Change.UPDATED, customer, "active",
                        "price_starter_monthly", t, t.plus(30, ChronoUnit.DAYS), t.plus(7, ChronoUnit.DAYS), true));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("select count(*) from applied_provider_event where event_key = ?",
                        Integer.class, "STRIPE:snapshot:" + sub + ":subscription:00aa11bb22cc33dd")).isEqualTo(1));
        JsonNode view = getJson("/subscriptions/" + sub);
        assertThat(view.path("status").asText()).isEqualTo("canceled");
        assertThat(view.path("priceRef").asText()).isEqualTo("price_pro_monthly");
        assertThat(view.path("planId").asText()).isEqualTo("pro");
        assertThat(view.path("cancelAtPeriodEnd").asBoolean()).isFalse();
        assertThat(view.path("trialEnd").isNull()).as("the older snapshot's trial is not ours").isTrue();
    }

    @Test
    void aSubscriptionsDriftFromStripeIsFoundWithBothValuesAndRepairedThroughASnapshotFact() throws Exception {
        String sub = "sub_drift_" + shortId();
        String customer = "cus_" + sub;
        Instant start = now().truncatedTo(ChronoUnit.SECONDS);
        subscribe(sub, customer, "price_starter_monthly", "active", start, start.plus(30, ChronoUnit.DAYS));
        // Stripe canceled it and moved it to pro; those webhooks never came.
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/v1/subscriptions/" + sub))
                .willReturn(json(200, samples.subscription(sub, customer, "price_pro_monthly", "canceled",
                        start.getEpochSecond(), start.plus(30, ChronoUnit.DAYS).getEpochSecond(),
                        start.getEpochSecond()))));
        assertThat(postJson("/admin/drift/checks", "{\"subscription\":\"" + sub + "\"}").statusCode())
                .as("no reason").isEqualTo(400);

        JsonNode check = json.readTree(postJson("/admin/drift/checks", "{\"subscription\":\"" + sub
                + "\",\"reason\":\"ticket 9\"}").body());

        assertThat(check.path("check").path("drifted").asInt()).isEqualTo(1);
        assertThat(check.path("findings")).extracting(f -> f.path("field").asText() + ":" + f.path("ours").asText()
                + "->" + f.path("theirs").asText()).containsExactlyInAnyOrder("status:active->canceled",
                "priceRef:price_starter_monthly->price_pro_monthly");
        assertThat(getJson("/admin/drift?subscription=" + sub).path("findings")).hasSize(2);

        HttpResponse<String> repaired = postJson("/admin/drift/repairs", "{\"subscription\":\"" + sub
                + "\",\"reason\":\"ticket 9: webhooks lost\"}");
        assertThat(repaired.statusCode()).as(repaired.body()).isEqualTo(200);
        assertThat(json.readTree(repaired.body()).path("applied").asBoolean()).isTrue();
        JsonNode view = getJson("/subscriptions/" + sub);
        assertThat(view.path("status").asText()).isEqualTo("canceled");
        assertThat(view.path("planId").asText()).isEqualTo("pro");
        assertThat(jdbc.queryForObject("select count(*) from applied_provider_event where event_key like ?",
                Integer.class, "STRIPE:snapshot:" + sub + ":subscription:%")).as("a fact, not an edit").isEqualTo(1);
        assertThat(getJson("/admin/drift?subscription=" + sub).path("findings"))
                .allSatisfy(f -> assertThat(f.path("repairedBy").asText()).isNotBlank());
        JsonNode again = json.readTree(postJson("/admin/drift/checks", "{\"subscription\":\"" + sub
                + "\",\"reason\":\"after the repair\"}").body());
        assertThat(again.path("check").path("drifted").asInt()).isZero();
        assertThat(postJson("/admin/drift/repairs", "{\"subscription\":\"sub_nope\",\"reason\":\"x\"}")
                .statusCode()).isEqualTo(404);
        assertThat(getJson("/admin/audit?action=drift.repair&target=subscription:" + sub).path("entries").get(0)
                .path("reason").asText()).isEqualTo("ticket 9: webhooks lost");
    }

    @Test
    void anyScheduleRecordCanBeParkedWhateverItsKeyOrContent() throws Exception {
        String longKey = "s".repeat(300);
        String nulKey = "nul\u0000" + shortId();
        producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, longKey, "garbage".getBytes())).get();
        producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, nulKey, new byte[] {(byte) 0xFF, 0})).get();
        String after = "sub_after_" + shortId();
        producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, after, "{\"not\":\"a renewal\"}".getBytes())).get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("/dead-letters?key=" + after).body()).contains("UnreadableScheduleEvent");
            assertThat(jdbc.queryForObject("select count(*) from paybus_dead_letter where length(record_key) = 300"
                    + " or record_key like 'nul%'", Integer.class)).isEqualTo(2);
        });
    }

    @Test
    void replayAllReplaysEveryParkedRecordOfAnErrorClassWithAReason() throws Exception {
        String first = "sub_all_" + shortId();
        String second = "sub_all_" + shortId();
        for (String sub : List.of(first, second)) {
            producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, sub, "{\"not\":\"a renewal\"}".getBytes())).get();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(List.of(first, second)).allSatisfy(sub ->
                assertThat(getJson("/dead-letters?key=" + sub + "&status=PARKED")).hasSize(1)));

        assertThat(postJson("/dead-letters/replay-all?error=UnreadableScheduleEventException", "{}").statusCode())
                .as("no reason").isEqualTo(400);
        HttpResponse<String> replayed = postJson("/dead-letters/replay-all?error=UnreadableScheduleEventException",
                "{\"reason\":\"the producer was fixed\"}");
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(json.readTree(replayed.body()).path("replayed").asInt()).isGreaterThanOrEqualTo(2);
        // Still unreadable: each went through the consumer again and is parked again in its place (no new row).
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(List.of(first, second)).allSatisfy(sub -> {
            JsonNode letters = getJson("/dead-letters?key=" + sub);
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).path("status").asText()).isEqualTo("PARKED");
            assertThat(letters.get(0).path("attempts").asInt()).isEqualTo(2);
        }));
    }

    @Test
    void aReplayIsMarkedReplayedWhenTheRenewalsConsumerAppliedIt() throws Exception {
        String sub = "sub_late_" + shortId();
        String invoice = "in_" + sub;
        Instant periodStart = now().minus(30, ChronoUnit.DAYS);
        Instant periodEnd = now().minus(1, ChronoUnit.HOURS);
        // Due before the subscription is known here: no renewal to process, parked at once.
        producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, sub,
                billingJson.writeValueAsBytes(new RenewalDue(sub, periodStart, periodEnd, 1, now())))).get();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(getJson("/dead-letters?key=" + sub + "&status=PARKED")).hasSize(1));
        JsonNode letter = getJson("/dead-letters?key=" + sub).get(0);
        assertThat(letter.path("errorClass").asText()).endsWith("UnknownRenewalException");
        assertThat(letter.path("consumer").asText()).isEqualTo("billing-service/billing-renewals/billing.schedule");
        long id = letter.path("id").asLong();

        stubInvoice(sub, invoice, 2900);
        stub.stubFor(post(urlEqualTo("/v1/invoices/" + invoice + "/pay"))
                .willReturn(json(200, samples.invoice(invoice, sub, "cus_" + sub, "paid", 2900, "eur"))));
        subscribe(sub, "cus_" + sub, "price_pro_monthly", "active", periodStart, periodEnd);
        awaitTypes(sub, List.of(BillingEvent.RENEWAL_SUCCEEDED));

        assertThat(postJson("/dead-letters/" + id + "/replay", "{\"reason\":\"the subscription arrived\"}")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(getJson("/dead-letters/" + id).path("deadLetter").path("status").asText()).isEqualTo("REPLAYED"));
        assertThat(schedule.records()).filteredOn(r -> sub.equals(r.key()) && r.headers().lastHeader("paybus-replay-of") != null)
                .singleElement().satisfies(r -> assertThat(new String(r.headers().lastHeader("paybus-replay-of").value(),
                        java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo("billing-service/billing-renewals/billing.schedule#" + id));
        awaitScheduleConsumed();
        assertThat(eventsOf(sub)).extracting(BillingEvent::type).containsExactly(BillingEvent.RENEWAL_SUCCEEDED);
    }

    @Test
    void anUnreadableScheduleEventIsDeadLetteredForOperators() throws Exception {
        String sub = "sub_dlt_" + shortId();
        producer.send(new ProducerRecord<>(Topics.BILLING_SCHEDULE, sub, "{\"not\":\"a renewal\"}".getBytes())).get();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(get("/dead-letters?key=" + sub).body()).contains("UnreadableScheduleEvent"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(scheduleDlt.records()).filteredOn(r -> sub.equals(r.key())).hasSize(1));
        ConsumerRecord<String, byte[]> dead = scheduleDlt.records().stream().filter(r -> sub.equals(r.key()))
                .findFirst().orElseThrow();
        assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value()))
                .contains("not a RenewalDue");
        long id = getJson("/dead-letters?key=" + sub).get(0).path("id").asLong();
        JsonNode inspected = getJson("/dead-letters/" + id);
        assertThat(inspected.path("record").path("not").asText()).as("the record, read as JSON").isEqualTo("a renewal");
        assertThat(inspected.path("unreadable").isNull()).isTrue();

        assertThat(postJson("/dead-letters/" + id + "/replay", "").statusCode()).as("no reason").isEqualTo(400);
        assertThat(postJson("/dead-letters/" + id + "/replay", "{\"reason\":\"the schema was fixed\"}").statusCode())
                .isEqualTo(202);
        // The replayed copy is still unreadable: the consumer parks the same dead letter again, one attempt more.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode again = getJson("/dead-letters/" + id).path("deadLetter");
            assertThat(again.path("status").asText()).isEqualTo("PARKED");
            assertThat(again.path("attempts").asInt()).isEqualTo(2);
        });
        assertThat(getJson("/dead-letters?key=" + sub)).hasSize(1);
        long copy = id;
        assertThat(postJson("/dead-letters/" + copy + "/discard", "{}").statusCode()).isEqualTo(400);
        assertThat(postJson("/dead-letters/" + copy + "/discard", "{\"reason\":\"written by a test\"}").statusCode())
                .isEqualTo(200);
        assertThat(getJson("/dead-letters?key=" + sub + "&status=PARKED")).isEmpty();
        JsonNode discarded = getJson("/admin/audit?action=dead-letter.discard&target=dead-letter:" + copy)
                .path("entries");
        assertThat(discarded).hasSize(1);
        assertThat(discarded.get(0).path("actor").asText()).isEqualTo("key:all");
        assertThat(discarded.get(0).path("reason").asText()).isEqualTo("written by a test");
    }

    /** Until the service's consumer has committed everything on billing.schedule. */
    private static void awaitScheduleConsumed() {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", EmbeddedInfra.shared().kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var committed = admin.listConsumerGroupOffsets("billing-service").partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                var partitions = committed.keySet().stream()
                        .filter(tp -> tp.topic().equals(Topics.BILLING_SCHEDULE)).toList();
                var ends = admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(
                        tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()))).all()
                        .get(10, TimeUnit.SECONDS);
                assertThat(partitions).isNotEmpty();
                for (var tp : partitions) {
                    assertThat(committed.get(tp).offset()).as("committed offset of " + tp)
                            .isEqualTo(ends.get(tp).offset());
                }
            });
        }
    }

    private void awaitTypes(String sub, List<String> expected) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(eventsOf(sub)).extracting(BillingEvent::type).containsExactlyElementsOf(expected));
    }

    private List<BillingEvent> eventsOf(String sub) {
        return billingEvents.records().stream().filter(r -> sub.equals(r.key()))
                .map(r -> codec.decodeBillingEvent(r.value())).toList();
    }

    private boolean renewalPublished(String sub) {
        return Boolean.TRUE.equals(jdbc.query("select published from renewal where subscription_id = ?",
                (rs, n) -> rs.getBoolean(1), sub).stream().findFirst().orElse(false));
    }

    private String renewalState(String sub) {
        return jdbc.query("select state from renewal where subscription_id = ?", (rs, n) -> rs.getString(1), sub)
                .stream().findFirst().orElse(null);
    }

    private void subscribe(String sub, String customer, String price, String status, Instant periodStart,
            Instant periodEnd) {
        publish(Provider.STRIPE, "evt_c" + sub, now(), new SubscriptionChanged(sub, SubscriptionChanged.Change.CREATED,
                customer, status, price, periodStart, periodEnd, null, false));
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/subscriptions/" + sub).statusCode() == 200);
    }

    private void publish(Provider provider, String eventId, Instant at, SubscriptionEvent event) {
        PaymentEnvelope envelope = PaymentEnvelope.of(provider, eventId, at, now(), event, "{}");
        try {
            producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, envelope.key(), codec.encode(envelope)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stubInvoice(String sub, String invoice, long amount) {
        stub.stubFor(post(urlEqualTo("/v1/invoices")).withRequestBody(containing(sub))
                .willReturn(json(200, samples.invoice(invoice, sub, "cus_" + sub, "draft", amount, "eur"))));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static Instant now() {
        return CLOCK.instant();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode getJson(String path) throws IOException {
        return json.readTree(get(path).body());
    }

    private HttpResponse<String> get(String path) {
        return ApiClient.withKey(port, TestCredentials.ALL).get(path);
    }

    private HttpResponse<String> postJson(String path, String body) {
        return ApiClient.withKey(port, TestCredentials.ALL).post(path, body);
    }
}
