package io.paybus.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static io.paybus.testsupport.Problems.assertProblem;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paybus.events.EventCodec;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.events.Topics;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.TestCredentials;
import io.paybus.testsupport.TopicReader;
import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The unified gateway against a local HTTP stub of Stripe's and PayPal's APIs (stripe-java's real
 * client with its API base pointed at the stub), on the real broker and PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "paybus.order.gateway.stripe.api-key=sk_test_paybus",
        "paybus.order.gateway.paypal.client-id=paybus-client",
        "paybus.order.gateway.paypal.client-secret=paybus-secret",
        "paybus.order.gateway.max-network-retries=0",
        "paybus.order.gateway.timeout=2s",
        "paybus.order.gateway.idempotency-lease=5s"})
class GatewayIT {

    private static final WireMockServer stub = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final StripeSamples samples = StripeSamples.load();
    private static final Path PAYPAL = Path.of("src/test/resources/paypal");
    private static KafkaProducer<String, byte[]> producer;

    private final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        stub.start();
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafka().bootstrapServers());
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl("orders_gateway_it"));
        registry.add("paybus.order.gateway.stripe.api-base", stub::baseUrl);
        registry.add("paybus.order.gateway.paypal.api-base", stub::baseUrl);
        TestCredentials.register(registry::add);
    }

    @BeforeAll
    static void clients() throws IOException {
        producer = io.paybus.testsupport.TestProducers.bytes(EmbeddedInfra.shared().kafka().bootstrapServers());
        stub.stubFor(post(urlEqualTo("/v1/oauth2/token")).willReturn(json(200, Files.readString(PAYPAL.resolve(
                "token.json")))));
    }

    @AfterAll
    static void close() {
        producer.close();
        stub.stop();
    }

    @Test
    void aStripeOrderIsCreatedPaidAndRefundedInParts() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        stubStripeIntent(order, intent, 2500, "eur");

        HttpResponse<String> created = postJson("/orders", "{\"orderId\":\"" + order
                + "\",\"provider\":\"stripe\",\"amount\":2500,\"currency\":\"EUR\",\"description\":\"Pro plan\"}", null);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/orders/" + order);
        JsonNode answer = json.readTree(created.body());
        assertThat(answer.path("orderId").asText()).isEqualTo(order);
        assertThat(answer.path("providerRef").asText()).isEqualTo(intent);
        assertThat(answer.path("clientSecret").asText()).startsWith(intent + "_secret_");
        assertThat(answer.path("status").asText()).isEqualTo("AWAITING_PAYMENT");
        LoggedRequest call = only(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing(order)));
        assertThat(call.getHeader("Idempotency-Key")).isEqualTo("paybus-order-" + order);
        assertThat(call.getHeader("Authorization")).isEqualTo("Bearer sk_test_paybus");
        assertThat(form(call)).contains("amount=2500", "currency=eur", "metadata[order_id]=" + order,
                "description=Pro plan");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode placed = ApiClient.json(get("/orders/" + order));
            assertThat(placed.path("status").asText()).isEqualTo("AWAITING_PAYMENT");
            assertThat(placed.path("paymentRef").asText()).isEqualTo(intent);
            assertThat(placed.path("amount").asLong()).isEqualTo(2500);
        });
        assertThat(historyTypes(order)).containsExactly("OrderPlaced");

        HttpResponse<String> tooEarly = postJson("/orders/" + order + "/refunds", "{\"amount\":100}", null);
        assertThat(tooEarly.statusCode()).isEqualTo(409);
        assertThat(ApiClient.json(tooEarly).path("code").asText()).isEqualTo("order_not_refundable");

        paid(order, intent, Provider.STRIPE, 2500, "eur");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));

        stub.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(intent))
                .willReturn(json(200, samples.refundCreated("re_" + order.substring(6), intent, 1000, "eur",
                        "succeeded"))));
        HttpResponse<String> refund = postJson("/orders/" + order + "/refunds",
                "{\"amount\":1000,\"reason\":\"requested_by_customer\"}", null);
        assertThat(refund.statusCode()).isEqualTo(202);
        JsonNode accepted = json.readTree(refund.body());
        assertThat(accepted.path("providerRefundId").asText()).isEqualTo("re_" + order.substring(6));
        assertThat(accepted.path("amount").asLong()).isEqualTo(1000);
        String requestId = accepted.path("refundRequestId").asText();
        LoggedRequest refundCall = only(postRequestedFor(urlEqualTo("/v1/refunds"))
                .withRequestBody(containing(requestId)));
        assertThat(refundCall.getHeader("Idempotency-Key")).isEqualTo("paybus-refund-" + requestId);
        assertThat(form(refundCall)).contains("payment_intent=" + intent, "amount=1000");
        JsonNode audited = json.readTree(get("/admin/audit?action=refund.request&target=order:" + order).body())
                .path("entries");
        assertThat(audited).as("the refund is in the audit log").hasSize(2);
        JsonNode refundEntry = audited.get(0);
        assertThat(refundEntry.path("actor").asText()).isEqualTo("key:all");
        assertThat(refundEntry.path("reason").asText()).isEqualTo("requested_by_customer");
        assertThat(refundEntry.path("outcome").asText()).isEqualTo("202");
        assertThat(refundEntry.path("details").path("amount").asLong()).isEqualTo(1000);

        HttpResponse<String> tooMuch = postJson("/orders/" + order + "/refunds", "{\"amount\":1501}", null);
        assertThat(tooMuch.statusCode()).isEqualTo(422);
        for (int status : List.of(409, 202, 422)) {
            io.paybus.testsupport.SecurityMatrix.assertDocumented(port, "POST /orders/{orderId}/refunds", status);
        }
        io.paybus.testsupport.SecurityMatrix.assertDocumented(port, "POST /orders", 201);
        assertThat(ApiClient.json(tooMuch).path("code").asText()).isEqualTo("refund_exceeds_capture");

        HttpResponse<String> rest = postJson("/orders/" + order + "/refunds", "{}", null);
        assertThat(rest.statusCode()).isEqualTo(202);
        assertThat(json.readTree(rest.body()).path("amount").asLong()).as("what was left").isEqualTo(1500);
        assertThat(historyTypes(order)).contains("RefundRequested", "RefundSubmitted");
    }

    @Test
    void theCustomerOfAnOrderTravelsWithEveryEventOfItOnOrdersEvents() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        stubStripeIntent(order, intent, 990, "cny");
        try (TopicReader published = new TopicReader(EmbeddedInfra.shared().kafka().bootstrapServers(),
                Topics.ORDERS_EVENTS)) {
            HttpResponse<String> created = postJson("/orders", "{\"orderId\":\"" + order + "\",\"provider\":\"stripe\","
                    + "\"amount\":990,\"currency\":\"CNY\",\"customer\":{\"id\":\"cus_li\",\"email\":\"li.wei@example.com\","
                    + "\"name\":\"Li Wei\",\"locale\":\"zh-CN\",\"country\":\"CN\"}}", null);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            paid(order, intent, Provider.STRIPE, 990, "cny");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> order.equals(r.key())).hasSize(2));
            for (var record : published.records().stream().filter(r -> order.equals(r.key())).toList()) {
                io.paybus.events.OrderEventEnvelope event = new EventCodec().decodeOrderEvent(record.value());
                assertThat(event.customer()).as(event.type())
                        .isEqualTo(new io.paybus.events.Customer("cus_li", "li.wei@example.com", "Li Wei", "zh-CN", "CN"));
            }
        }
        HttpResponse<String> bad = postJson("/orders", "{\"provider\":\"stripe\",\"amount\":990,\"currency\":\"EUR\","
                + "\"customer\":{\"email\":\"not an address\",\"locale\":\"??\",\"country\":\"germany\"}}", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).path("errors")).hasSize(3);
    }

    @Test
    void aPaymentForTheWrongAmountOrIntentLeavesAPlacedOrderUnpaidAndSaysSo() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        stubStripeIntent(order, intent, 150_000, "eur");
        assertThat(postJson("/orders", "{\"orderId\":\"" + order + "\",\"provider\":\"stripe\",\"amount\":150000,"
                + "\"currency\":\"EUR\"}", null).statusCode()).isEqualTo(201);
        try (TopicReader published = new TopicReader(EmbeddedInfra.shared().kafka().bootstrapServers(),
                Topics.ORDERS_EVENTS)) {
            paid(order, intent, Provider.STRIPE, 10_000, "eur");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAYMENT_MISMATCH"));
            JsonNode history = json.readTree(get("/orders/" + order + "/history").body()).path("events");
            JsonNode mismatch = history.get(history.size() - 1);
            assertThat(mismatch.path("type").asText()).isEqualTo("PaymentMismatched");
            assertThat(mismatch.path("event").path("received").path("minor").asLong()).isEqualTo(10_000);
            assertThat(mismatch.path("event").path("expected").path("minor").asLong()).isEqualTo(150_000);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.records())
                    .filteredOn(r -> order.equals(r.key()))
                    .extracting(r -> json.readTree(r.value()).path("type").asText())
                    .containsExactly("order.created", "order.payment_mismatch"));
            JsonNode event = json.readTree(published.records().stream().filter(r -> order.equals(r.key()))
                    .reduce((a, b) -> b).orElseThrow().value());
            assertThat(event.path("status").asText()).isEqualTo("PAYMENT_MISMATCH");
            assertThat(event.path("payload").path("expected").path("minor").asLong()).isEqualTo(150_000);
            assertThat(event.path("payload").path("received").path("minor").asLong()).isEqualTo(10_000);

            // Someone else's PaymentIntent with the right amount and this order's id in its metadata.
            paid(order, "pi_not_this_orders", Provider.STRIPE, 150_000, "eur", "evt_other_" + order);
            // The genuine payment still makes it paid.
            paid(order, intent, Provider.STRIPE, 150_000, "eur", "evt_right_" + order);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
            assertThat(get("/orders/" + order + "/history").body()).contains("is not the order's " + intent);
        }
    }

    @Test
    void concurrentRefundsNeverExceedTheCapture() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        paidStripeOrder(order, intent, 2500);
        stub.stubFor(post(urlEqualTo("/v1/refunds")).withRequestBody(containing(intent))
                .willReturn(json(200, samples.refundCreated("re_x", intent, 1000, "eur", "pending"))));

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Callable<Integer> refund = () -> postJson("/orders/" + order + "/refunds", "{\"amount\":1000}", null)
                    .statusCode();
            results.add(pool.submit(refund));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(2);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(4);
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/v1/refunds")).withRequestBody(containing(intent))))
                .hasSize(2);
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameAnswerAndADifferentBodyIsRefused() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        stubStripeIntent(order, intent, 990, "usd");
        String body = "{\"orderId\":\"" + order + "\",\"provider\":\"stripe\",\"amount\":990,\"currency\":\"usd\"}";
        String key = "key-" + order;

        HttpResponse<String> first = postJson("/orders", body, key);
        HttpResponse<String> again = postJson("/orders", body, key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing(order)))).as("the provider is called once").hasSize(1);

        HttpResponse<String> other = postJson("/orders", body.replace("990", "991"), key);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(ApiClient.json(other).path("code").asText()).isEqualTo("idempotency_key_reused");

        // Without a client-chosen id, the key still gives back the same order.
        String generated = "{\"provider\":\"stripe\",\"amount\":990,\"currency\":\"usd\"}";
        stub.stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing("amount=990"))
                .withRequestBody(containing("ord_"))
                .willReturn(json(200, samples.paymentIntentCreated("pi_generated", null, 990, "usd"))));
        HttpResponse<String> a = postJson("/orders", generated, "key2-" + order);
        HttpResponse<String> b = postJson("/orders", generated, "key2-" + order);
        assertThat(a.statusCode()).isEqualTo(201);
        assertThat(json.readTree(b.body()).path("orderId").asText())
                .isEqualTo(json.readTree(a.body()).path("orderId").asText()).startsWith("ord_");
    }

    @Test
    void aProvider500LeavesNoOrderAndTheRetryReusesTheProviderKey() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        stub.stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing(order))
                .inScenario(order).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(json(500, "{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong\"}}")));
        stub.stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing(order))
                .inScenario(order).whenScenarioStateIs("recovered")
                .willReturn(json(200, samples.paymentIntentCreated(intent, order, 1200, "eur"))));
        String key = "key-" + order;

        HttpResponse<String> failed = postJson("/orders", stripeOrder(order, 1200), key);

        assertThat(failed.statusCode()).isEqualTo(502);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(failed.body());
        assertThat(problem.path("code").asText()).isEqualTo("provider_unavailable");
        assertThat(problem.path("retryable").asBoolean()).isTrue();
        assertThat(problem.path("detail").asText()).contains("Something went wrong");
        assertNoOrder(order);

        HttpResponse<String> retried = postJson("/orders", stripeOrder(order, 1200), key);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(json.readTree(retried.body()).path("providerRef").asText()).isEqualTo(intent);
        List<LoggedRequest> calls = stub.findAll(postRequestedFor(urlEqualTo("/v1/payment_intents"))
                .withRequestBody(containing(order)));
        assertThat(calls).hasSize(2);
        assertThat(calls).extracting(c -> c.getHeader("Idempotency-Key")).containsOnly("paybus-order-" + order);
    }

    @Test
    void providerErrorsBecomeProblemsAndLeaveNoOrder() throws Exception {
        record Case(int status, String body, int delayMs, int expected, String code) {
        }
        List<Case> cases = List.of(
                new Case(400, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"amount_too_small\","
                        + "\"message\":\"Amount must be at least 50 cents\",\"param\":\"amount\"}}", 0, 422,
                        "provider_rejected"),
                new Case(429, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\","
                        + "\"message\":\"Too many requests\"}}", 0, 503, "provider_rate_limited"),
                new Case(401, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key\"}}", 0,
                        502, "provider_auth_failed"),
                new Case(200, samples.paymentIntentCreated("pi_slow", null, 100, "eur"), 4000, 504,
                        "provider_timeout"));
        for (Case c : cases) {
            String order = newOrder();
            stub.stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing(order))
                    .willReturn(json(c.status(), c.body()).withFixedDelay(c.delayMs())));

            HttpResponse<String> answer = postJson("/orders", stripeOrder(order, 100), null);

            assertThat(answer.statusCode()).as(c.code()).isEqualTo(c.expected());
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(answer.body());
            assertThat(problem.path("code").asText()).isEqualTo(c.code());
            assertThat(problem.path("provider").asText()).isEqualTo("STRIPE");
            if (c.status() == 429) {
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
            if (c.status() == 400) {
                assertThat(problem.path("providerCode").asText()).isEqualTo("amount_too_small");
                assertThat(problem.path("retryable").asBoolean()).isFalse();
            }
            assertNoOrder(order);
        }
    }

    @Test
    void aPaypalOrderIsCreatedWithItsApprovalLinkAndItsCaptureRefunded() throws Exception {
        String order = newOrder();
        stub.stubFor(post(urlEqualTo("/v2/checkout/orders"))
                .withRequestBody(matchingJsonPath("$.purchase_units[0].custom_id", equalTo(order)))
                .willReturn(json(201, Files.readString(PAYPAL.resolve("order-created.json")))));

        HttpResponse<String> created = postJson("/orders", "{\"orderId\":\"" + order + "\",\"provider\":\"paypal\","
                + "\"amount\":1234,\"currency\":\"EUR\",\"returnUrl\":\"https://shop.example/ok\"}", "pp-" + order);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode answer = json.readTree(created.body());
        assertThat(answer.path("providerRef").asText()).isEqualTo("5O190127TN364715T");
        assertThat(answer.path("approvalUrl").asText()).isEqualTo(
                "https://www.paypal.com/checkoutnow?token=5O190127TN364715T");
        LoggedRequest call = only(postRequestedFor(urlEqualTo("/v2/checkout/orders"))
                .withRequestBody(containing(order)));
        assertThat(call.getHeader("PayPal-Request-Id")).isEqualTo("paybus-order-" + order);
        assertThat(call.getHeader("Authorization")).startsWith("Bearer A21AAF");
        JsonNode sent = json.readTree(call.getBodyAsString());
        assertThat(sent.path("intent").asText()).isEqualTo("CAPTURE");
        assertThat(sent.path("purchase_units").path(0).path("amount").path("value").asText()).isEqualTo("12.34");
        assertThat(sent.path("purchase_units").path(0).path("amount").path("currency_code").asText()).isEqualTo("EUR");
        assertThat(sent.at("/payment_source/paypal/experience_context/return_url").asText())
                .isEqualTo("https://shop.example/ok");

        String capture = "CAP" + order.substring(6, 20).toUpperCase();
        paid(order, capture, Provider.PAYPAL, 1234, "eur");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
        // The provider's live view: the capture (what PAYMENT.CAPTURE.COMPLETED named), as PayPal answers it.
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v2/payments/captures/"
                + capture)).willReturn(json(200, Files.readString(PAYPAL.resolve("capture-get.json"))
                .replace("2GG279541U471931P", capture).replace("CUSTOM_ID", order))));
        JsonNode live = json.readTree(get("/orders/" + order + "/provider").body());
        assertThat(live.path("provider").path("providerStatus").asText()).isEqualTo("COMPLETED");
        assertThat(live.path("provider").path("impliedStatus").asText()).isEqualTo("PAID");
        assertThat(live.path("provider").path("amount").path("minor").asLong()).isEqualTo(1234);
        assertThat(live.path("differences")).as(live.toString()).isEmpty();
        stub.stubFor(post(urlPathEqualTo("/v2/payments/captures/" + capture + "/refund"))
                .willReturn(json(201, Files.readString(PAYPAL.resolve("capture-refund.json")))));

        HttpResponse<String> refund = postJson("/orders/" + order + "/refunds", "{\"amount\":234}", null);

        assertThat(refund.statusCode()).isEqualTo(202);
        assertThat(json.readTree(refund.body()).path("providerRefundId").asText()).isEqualTo("1JU08902781691411");
        LoggedRequest refundCall = only(postRequestedFor(urlEqualTo("/v2/payments/captures/" + capture + "/refund")));
        assertThat(json.readTree(refundCall.getBodyAsString()).path("amount").path("value").asText())
                .isEqualTo("2.34");
        assertThat(refundCall.getHeader("PayPal-Request-Id")).startsWith("paybus-refund-rfr_");
    }

    @Test
    void anApprovedPaypalOrderIsCapturedOnceAndItsCaptureCompletedMakesItPaid() throws Exception {
        String order = newOrder();
        String paypalOrder = paypalOrder(order);
        String capture = "CAP" + order.substring(6, 20).toUpperCase();
        // PayPal fails the first capture call (503); the processor asks again with the same request id.
        stub.stubFor(post(urlEqualTo("/v2/checkout/orders/" + paypalOrder + "/capture")).inScenario(order)
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(json(503, "{\"name\":\"SERVICE_UNAVAILABLE\",\"message\":\"try later\"}"))
                .willSetStateTo("up"));
        stub.stubFor(post(urlEqualTo("/v2/checkout/orders/" + paypalOrder + "/capture")).inScenario(order)
                .whenScenarioStateIs("up").willReturn(json(201, Files.readString(PAYPAL.resolve("order-captured.json"))
                        .replace("5O190127TN364715T", paypalOrder).replace("3C679366HH908993F", capture))));

        // CHECKOUT.ORDER.APPROVED three times: twice the same delivery, once another.
        approved(order, paypalOrder, "WH-approved-" + order);
        approved(order, paypalOrder, "WH-approved-" + order);
        approved(order, paypalOrder, "WH-approved-again-" + order);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(historyTypes(order)).contains("CaptureSubmitted"));
        List<LoggedRequest> calls = stub.findAll(postRequestedFor(urlEqualTo("/v2/checkout/orders/" + paypalOrder
                + "/capture")));
        assertThat(calls).as("a 503, then the capture").hasSize(2)
                .allSatisfy(call -> assertThat(call.getHeader("PayPal-Request-Id"))
                        .isEqualTo("paybus-capture-" + order + "-1"));
        assertThat(historyTypes(order)).containsOnlyOnce("CaptureRequested", "CaptureSubmitted");
        assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).as("not paid before PayPal says")
                .isEqualTo("AWAITING_PAYMENT");

        paid(order, capture, Provider.PAYPAL, 1234, "eur");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
        HttpResponse<String> again = postJson("/orders/" + order + "/capture", "", null);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(json.readTree(again.body()).path("capturedBefore").asBoolean()).isTrue();
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/v2/checkout/orders/" + paypalOrder + "/capture"))))
                .hasSize(2);
    }

    @Test
    void aDeclinedCaptureIsAFailedPaymentAndTheNextApprovalCapturesAgain() throws Exception {
        String order = newOrder();
        String paypalOrder = paypalOrder(order);
        stub.stubFor(post(urlEqualTo("/v2/checkout/orders/" + paypalOrder + "/capture"))
                .willReturn(json(422, Files.readString(PAYPAL.resolve("capture-declined.json")))));

        approved(order, paypalOrder, "WH-approved-" + order);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAYMENT_FAILED"));
        assertThat(historyTypes(order)).contains("CaptureDeclined");
        // The buyer picks another card and approves again: a new attempt, a new request id.
        stub.stubFor(post(urlEqualTo("/v2/checkout/orders/" + paypalOrder + "/capture"))
                .willReturn(json(201, Files.readString(PAYPAL.resolve("order-captured.json"))
                        .replace("5O190127TN364715T", paypalOrder))));
        approved(order, paypalOrder, "WH-approved-2-" + order);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(historyTypes(order)).contains("CaptureSubmitted"));
        assertThat(stub.findAll(postRequestedFor(urlEqualTo("/v2/checkout/orders/" + paypalOrder + "/capture")))
                .stream().map(c -> c.getHeader("PayPal-Request-Id")).distinct().toList())
                .containsExactly("paybus-capture-" + order + "-1", "paybus-capture-" + order + "-2");
        // Only PayPal orders placed here are captured.
        String stripe = newOrder();
        stubStripeIntent(stripe, "pi_" + stripe.substring(6), 100, "eur");
        assertThat(postJson("/orders", stripeOrder(stripe, 100), null).statusCode()).isEqualTo(201);
        assertProblem(postJson("/orders/" + stripe + "/capture", "", null), 409, "order_not_capturable");
        assertProblem(postJson("/orders/order-nope/capture", "", null), 404, "order_not_found");
    }

    /** A PayPal order placed through the gateway; its PayPal order id. */
    private String paypalOrder(String order) throws IOException {
        String paypalOrder = "PP" + order.substring(6, 20).toUpperCase();
        stub.stubFor(post(urlEqualTo("/v2/checkout/orders"))
                .withRequestBody(matchingJsonPath("$.purchase_units[0].custom_id", equalTo(order)))
                .willReturn(json(201, Files.readString(PAYPAL.resolve("order-created.json"))
                        .replace("5O190127TN364715T", paypalOrder))));
        HttpResponse<String> created = postJson("/orders", "{\"orderId\":\"" + order + "\",\"provider\":\"paypal\","
                + "\"amount\":1234,\"currency\":\"EUR\"}", null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return paypalOrder;
    }

    /** {@code CHECKOUT.ORDER.APPROVED} of the PayPal order, as ingest normalizes it. */
    private void approved(String order, String paypalOrder, String providerEventId) {
        Instant now = Instant.now();
        PaymentEnvelope envelope = PaymentEnvelope.of(Provider.PAYPAL, providerEventId, order, now.minusSeconds(1), now,
                new io.paybus.events.CheckoutApproved(paypalOrder, paypalOrder, Money.of(1234, "eur")), "{}");
        try {
            producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, order, new EventCodec().encode(envelope)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theProvidersLiveViewOfAPaymentIsShownNextToOursWithTheDifferencesNamed() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        paidStripeOrder(order, intent, 2500);

        stubRetrieved(intent, order, "succeeded", 2500, 0);
        HttpResponse<String> same = get("/orders/" + order + "/provider");
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        JsonNode agreed = json.readTree(same.body());
        assertThat(agreed.path("ours").path("status").asText()).isEqualTo("PAID");
        assertThat(agreed.path("provider").path("providerRef").asText()).isEqualTo(intent);
        assertThat(agreed.path("provider").path("impliedStatus").asText()).isEqualTo("PAID");
        assertThat(agreed.path("provider").path("orderId").asText()).isEqualTo(order);
        assertThat(agreed.path("differences")).isEmpty();
        LoggedRequest asked = only(getRequestedFor(urlPathEqualTo("/v1/payment_intents/" + intent)));
        assertThat(java.net.URLDecoder.decode(asked.getUrl(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("expand[0]=latest_charge");

        // Stripe refunded 700 that we never heard of (its webhook was lost): both values, by field.
        stubRetrieved(intent, order, "succeeded", 2500, 700);
        JsonNode drifted = json.readTree(get("/orders/" + order + "/provider").body());
        assertThat(drifted.path("differences")).extracting(d -> d.path("field").asText())
                .containsExactlyInAnyOrder("status", "refunded");
        for (JsonNode difference : drifted.path("differences")) {
            if (difference.path("field").asText().equals("refunded")) {
                assertThat(difference.path("ours").asLong()).isZero();
                assertThat(difference.path("theirs").asLong()).isEqualTo(700);
            } else {
                assertThat(difference.path("ours").asText()).isEqualTo("PAID");
                assertThat(difference.path("theirs").asText()).isEqualTo("PARTIALLY_REFUNDED");
            }
        }
        assertThat(ApiClient.json(get("/orders/" + order)).path("refunded").asLong()).as("a query changes nothing")
                .isZero();

        // The same difference as a drift finding an operator can list, with both values.
        assertThat(postJson("/admin/drift/checks", "{\"order\":\"" + order + "\"}", null).statusCode())
                .as("no reason").isEqualTo(400);
        HttpResponse<String> checked = postJson("/admin/drift/checks", "{\"order\":\"" + order
                + "\",\"reason\":\"support ticket 42\"}", null);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        JsonNode check = json.readTree(checked.body());
        assertThat(check.path("check").path("checked").asInt()).isEqualTo(1);
        assertThat(check.path("check").path("drifted").asInt()).isEqualTo(1);
        assertThat(check.path("driftRate").asDouble()).isEqualTo(1.0);
        JsonNode findings = json.readTree(get("/admin/drift?order=" + order).body()).path("findings");
        assertThat(findings).extracting(f -> f.path("field").asText() + ":" + f.path("ours").asText() + "->"
                + f.path("theirs").asText()).containsExactlyInAnyOrder("refunded:0->700", "status:PAID->PARTIALLY_REFUNDED");
        assertThat(findings.get(0).path("provider").asText()).isEqualTo("STRIPE");
        assertThat(json.readTree(get("/admin/audit?action=drift.check&target=order:" + order).body())
                .path("entries").get(0).path("reason").asText()).isEqualTo("support ticket 42");
        JsonNode sampled = json.readTree(postJson("/admin/drift/checks", "{\"sample\":20,\"reason\":\"test\"}",
                null).body());
        assertThat(sampled.path("check").path("kind").asText()).isEqualTo("sample");
        // A sample of a filter: only PARTIALLY_REFUNDED Stripe orders, of which there is none.
        JsonNode filtered = json.readTree(postJson("/admin/drift/checks", "{\"sample\":20,\"status\":\"refunded_never\","
                + "\"provider\":\"stripe\",\"updatedSince\":\"2020-01-01T00:00:00Z\",\"reason\":\"filter\"}", null).body());
        assertThat(filtered.path("check").path("checked").asInt() + filtered.path("check").path("unreachable").asInt())
                .isZero();
        JsonNode paidOnes = json.readTree(postJson("/admin/drift/checks", "{\"sample\":1000,\"status\":\"paid\","
                + "\"reason\":\"filter\"}", null).body());
        assertThat(paidOnes.path("findings")).as("a PAID order that drifted is in the sample of PAID orders")
                .anySatisfy(f -> assertThat(f.path("subjectId").asText()).isEqualTo(order));
        assertProblem(postJson("/admin/drift/checks", "{\"updatedSince\":\"yesterday\",\"reason\":\"x\"}", null), 400,
                "field_invalid");
        assertThat(sampled.path("check").path("checked").asInt() + sampled.path("check").path("unreachable").asInt())
                .as("every order sampled was compared or its provider named unreachable").isBetween(1, 20);
        assertProblem(postJson("/admin/drift/checks", "{\"sample\":5000,\"reason\":\"test\"}", null), 400,
                "field_invalid");

        assertProblem(get("/orders/order-nope/provider"), 404, "order_not_found");
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/payment_intents/" + intent))
                .willReturn(json(503, "{\"error\":{\"type\":\"api_error\",\"message\":\"down\"}}")));
        HttpResponse<String> down = get("/orders/" + order + "/provider");
        assertThat(down.statusCode()).isBetween(502, 503);
        assertThat(json.readTree(down.body()).path("provider").asText()).isEqualTo("STRIPE");
    }

    @Test
    void anOperatorMarksAnOrderPaidOnlyWithEvidenceTheProviderConfirmsAndALaterRefundStillCounts() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        stubStripeIntent(order, intent, 2500, "eur");
        assertThat(postJson("/orders", stripeOrder(order, 2500), null).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/orders/" + order).statusCode()).isEqualTo(200));
        String path = "/orders/" + order + "/interventions";
        String markPaid = "{\"action\":\"mark_paid\",\"reason\":\"ticket 12: paid at Stripe, the webhook was lost\","
                + "\"paymentRef\":\"" + intent + "\"}";

        // What the provider denies is refused: not paid there, or another order's payment.
        stubRetrieved(intent, order, "requires_payment_method", 0, 0);
        io.paybus.testsupport.Problems.assertProblem(postJson(path, markPaid, null), 422, "evidence_not_confirmed");
        String elsewhere = "pi_elsewhere_" + order.substring(6, 14);
        stubRetrieved(elsewhere, "order-someone-else", "succeeded", 2500, 0);
        io.paybus.testsupport.Problems.assertProblem(postJson(path, markPaid.replace(intent, elsewhere), null), 422,
                "evidence_not_confirmed");
        for (String bad : List.of("{\"action\":\"mark_paid\",\"paymentRef\":\"" + intent + "\"}",
                "{\"action\":\"mark_paid\",\"reason\":\"no evidence\"}", "{\"action\":\"refund\",\"reason\":\"x\"}")) {
            io.paybus.testsupport.Problems.assertProblem(postJson(path, bad, null), 400, "invalid_request");
        }
        assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("AWAITING_PAYMENT");

        // What it confirms marks the order paid, with who and why in its history.
        stubRetrieved(intent, order, "succeeded", 2500, 0);
        HttpResponse<String> marked = postJson(path, markPaid, null);
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        assertThat(ApiClient.json(marked).path("status").asText()).isEqualTo("PAID");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
        JsonNode entry = java.util.stream.StreamSupport.stream(ApiClient.json(get("/orders/" + order + "/history"))
                .path("events").spliterator(), false).filter(e -> e.path("type").asText().equals("InterventionRecorded"))
                .findFirst().orElseThrow();
        assertThat(entry.path("event").path("action").asText()).isEqualTo("MARK_PAID");
        assertThat(entry.path("event").path("reason").asText()).isEqualTo("ticket 12: paid at Stripe, the webhook was lost");
        assertThat(entry.path("event").path("actor").asText()).isEqualTo("key:all");
        assertThat(entry.path("provider").asText()).isEqualTo("PAYBUS");
        assertThat(json.readTree(get("/admin/audit?action=order.intervention&target=order:" + order).body())
                .path("entries")).hasSize(3).allSatisfy(a -> assertThat(a.path("reason").asText()).startsWith("ticket 12"));
        io.paybus.testsupport.Problems.assertProblem(postJson(path, markPaid, null), 409, "intervention_refused");

        // A later provider fact still counts: the refund moves the order.
        Instant now = Instant.now();
        producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, order, new EventCodec().encode(PaymentEnvelope.of(
                Provider.STRIPE, "evt_refund_" + order, order, now, now, new io.paybus.events.PaymentRefunded(intent,
                        "ch_" + order.substring(6), Money.of(900, "eur")), "{}")))).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ApiClient.json(get("/orders/" + order))
                .path("status").asText()).isEqualTo("PARTIALLY_REFUNDED"));
        HttpResponse<String> note = postJson(path, "{\"action\":\"note\",\"reason\":\"told the buyer\"}", null);
        assertThat(note.statusCode()).as(note.body()).isEqualTo(200);
        assertThat(ApiClient.json(note).path("status").asText()).isEqualTo("PARTIALLY_REFUNDED");

        // Re-query: Stripe refunded the rest and its webhook was lost; what Stripe says is applied.
        stubRetrieved(intent, order, "succeeded", 2500, 2500);
        HttpResponse<String> requery = postJson(path, "{\"action\":\"requery\",\"reason\":\"ticket 13\"}", null);
        assertThat(requery.statusCode()).as(requery.body()).isEqualTo(200);
        assertThat(ApiClient.json(requery).path("repair").path("recorded").asInt()).as("the refund").isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ApiClient.json(get("/orders/" + order))
                .path("status").asText()).isEqualTo("REFUNDED"));
        assertThat(historyTypes(order)).endsWith("InterventionRecorded", "RefundRecorded");
        // Other services learnt it as any payment: order.paid with the payment Stripe confirmed.
        try (TopicReader published = new TopicReader(EmbeddedInfra.shared().kafka().bootstrapServers(),
                Topics.ORDERS_EVENTS)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.recordsWithKey(order)
                    .stream().map(r -> new EventCodec().decodeOrderEvent(r.value()).type()))
                    .containsExactly("order.created", "order.paid", "order.partially_refunded", "order.refunded"));
            assertThat(new EventCodec().decodeOrderEvent(published.recordsWithKey(order).get(1).value()).payload())
                    .as("confirmed by Stripe, so a receipt names it").isEqualTo(
                            new io.paybus.events.PublishedOrderEvent.OrderPaid(Money.of(2500, "eur"), intent, "STRIPE"));
        }
    }

    @Test
    void aDriftIsRepairedThroughASnapshotFactNeverByEditingOurState() throws Exception {
        String order = newOrder();
        String intent = "pi_" + order.substring(6);
        paidStripeOrder(order, intent, 2500);
        // Stripe refunded 900 of it and the webhook never came: a seeded difference.
        stubRetrieved(intent, order, "succeeded", 2500, 900);
        JsonNode check = json.readTree(postJson("/admin/drift/checks", "{\"order\":\"" + order
                + "\",\"reason\":\"ticket 77\"}", null).body());
        assertThat(check.path("findings")).extracting(f -> f.path("field").asText() + ":" + f.path("ours").asText()
                + "->" + f.path("theirs").asText()).containsExactlyInAnyOrder("refunded:0->900",
                "status:PAID->PARTIALLY_REFUNDED");
        long checkId = check.path("check").path("id").asLong();
        assertThat(jdbc.queryForObject("select summary from paybus_alert where kind = 'drift.found' and subject = ?",
                String.class, "orders#" + checkId)).as("the operators are told")
                .isEqualTo("1 of 1 orders differ from their provider (drift check " + checkId + ")");
        assertThat(postJson("/admin/drift/repairs", "{\"order\":\"" + order + "\"}", null).statusCode())
                .as("no reason").isEqualTo(400);

        HttpResponse<String> repaired = postJson("/admin/drift/repairs", "{\"order\":\"" + order
                + "\",\"reason\":\"ticket 77: the refund webhook was lost\"}", null);

        assertThat(repaired.statusCode()).as(repaired.body()).isEqualTo(200);
        JsonNode repair = json.readTree(repaired.body());
        assertThat(repair.path("factsRecorded").asInt()).as("the refund; the confirmation it knew").isEqualTo(1);
        assertThat(repair.path("findingsRepaired").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode view = ApiClient.json(get("/orders/" + order));
            assertThat(view.path("status").asText()).isEqualTo("PARTIALLY_REFUNDED");
            assertThat(view.path("refunded").asLong()).isEqualTo(900);
        });
        // The repair is a fact in the order's history, a snapshot of the provider's view: not an edit.
        JsonNode history = ApiClient.json(get("/orders/" + order + "/history"));
        assertThat(history.findValuesAsText("providerEventId")).anySatisfy(id ->
                assertThat(id).startsWith("snapshot:" + intent + ":refunds:"));
        assertThat(json.readTree(get("/orders/" + order + "/provider").body()).path("differences")).isEmpty();
        assertThat(json.readTree(get("/admin/drift?order=" + order).body()).path("findings"))
                .allSatisfy(f -> assertThat(f.path("repairedAt").isNull()).isFalse());
        assertThat(json.readTree(get("/admin/audit?action=drift.repair&target=order:" + order).body())
                .path("entries").get(0).path("reason").asText()).isEqualTo("ticket 77: the refund webhook was lost");

        // Again: nothing differs, nothing is sent, the history does not grow.
        int entries = historyTypes(order).size();
        JsonNode again = json.readTree(postJson("/admin/drift/repairs", "{\"order\":\"" + order
                + "\",\"reason\":\"again\"}", null).body());
        assertThat(again.path("factsSent")).isEmpty();
        assertThat(historyTypes(order)).hasSize(entries);
        assertProblem(postJson("/admin/drift/repairs", "{\"order\":\"order-nope\",\"reason\":\"x\"}", null), 404,
                "order_not_found");
    }

    /** The types of the order's history entries, in order. */
    private List<String> historyTypes(String order) {
        return ApiClient.json(get("/orders/" + order + "/history")).findValuesAsText("type");
    }

    /** An order placed through the gateway for {@code amount} EUR and paid by its PaymentIntent. */
    private void paidStripeOrder(String order, String intent, long amount) {
        stubStripeIntent(order, intent, amount, "eur");
        assertThat(postJson("/orders", stripeOrder(order, amount), null).statusCode()).isEqualTo(201);
        paid(order, intent, Provider.STRIPE, amount, "eur");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(ApiClient.json(get("/orders/" + order)).path("status").asText()).isEqualTo("PAID"));
    }

    /** Stripe's answer to retrieving the PaymentIntent with its latest charge expanded. */
    private void stubRetrieved(String intent, String order, String status, long received, long refunded)
            throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(samples.paymentIntentCreated(intent, order, 2500, "eur"));
        body.put("status", status);
        body.put("amount_received", received);
        com.fasterxml.jackson.databind.node.ObjectNode charge = body.putObject("latest_charge");
        charge.put("id", "ch_" + order.substring(6));
        charge.put("object", "charge");
        charge.put("amount", received);
        charge.put("amount_refunded", refunded);
        charge.put("refunded", refunded >= received);
        charge.put("disputed", false);
        charge.put("payment_intent", intent);
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/v1/payment_intents/" + intent))
                .willReturn(json(200, body.toString())));
    }

    @Test
    void aPaypalRefusalIsAProblemAndReleasesTheRefund() throws Exception {
        String order = newOrder();
        stub.stubFor(post(urlEqualTo("/v2/checkout/orders"))
                .withRequestBody(matchingJsonPath("$.purchase_units[0].custom_id", equalTo(order)))
                .willReturn(json(422, Files.readString(PAYPAL.resolve("unprocessable.json")))));

        HttpResponse<String> refused = postJson("/orders", "{\"orderId\":\"" + order + "\",\"provider\":\"paypal\","
                + "\"amount\":1000,\"currency\":\"EUR\"}", null);

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.path("code").asText()).isEqualTo("provider_rejected");
        assertThat(problem.path("providerCode").asText()).isEqualTo("DECIMAL_PRECISION");
        assertNoOrder(order);
    }

    @Test
    void badRequestsAreProblemsNotErrors() throws Exception {
        HttpResponse<String> notJson = postJson("/orders", "{\"provider\":", null);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> invalid = postJson("/orders",
                "{\"provider\":\"bitcoin\",\"amount\":-5,\"currency\":\"XXXX\",\"orderId\":\"a/b\"}", null);
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(invalid.body());
        assertThat(problem.path("code").asText()).isEqualTo("invalid_request");
        assertThat(problem.path("errors")).hasSize(4);

        HttpResponse<String> unknown = postJson("/orders/no-such-order/refunds", "{\"amount\":100}", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(unknown).path("code").asText()).isEqualTo("order_not_found");

        HttpResponse<String> zero = postJson("/orders/x/refunds", "{\"amount\":0}", null);
        assertThat(zero.statusCode()).isEqualTo(400);
    }

    private void assertNoOrder(String order) {
        assertThat(get("/orders/" + order).statusCode()).isEqualTo(404);
        assertThat(get("/orders/" + order + "/history").statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Integer.class, order)).as("events of " + order).isZero();
    }

    private static void stubStripeIntent(String order, String intent, long amount, String currency) {
        stub.stubFor(post(urlEqualTo("/v1/payment_intents")).withRequestBody(containing(order))
                .willReturn(json(200, samples.paymentIntentCreated(intent, order, amount, currency))));
    }

    private static String stripeOrder(String order, long amount) {
        return "{\"orderId\":\"" + order + "\",\"provider\":\"stripe\",\"amount\":" + amount + ",\"currency\":\"eur\"}";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static LoggedRequest only(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        List<LoggedRequest> calls = stub.findAll(pattern);
        assertThat(calls).hasSize(1);
        return calls.get(0);
    }

    private static String form(LoggedRequest request) {
        return java.net.URLDecoder.decode(request.getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void paid(String order, String paymentRef, Provider provider, long amount, String currency) {
        paid(order, paymentRef, provider, amount, currency, "evt_paid_" + order);
    }

    private void paid(String order, String paymentRef, Provider provider, long amount, String currency,
            String providerEventId) {
        Instant now = Instant.now();
        PaymentEnvelope envelope = PaymentEnvelope.of(provider, providerEventId, order, now.minusSeconds(1), now,
                new PaymentSucceeded(paymentRef, Money.of(amount, currency)), "{}");
        try {
            producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, order, new EventCodec().encode(envelope)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> postJson(String path, String body, String idempotencyKey) {
        return ApiClient.withKey(port, TestCredentials.ALL).post(path, body,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    private HttpResponse<String> get(String path) {
        return ApiClient.withKey(port, TestCredentials.ALL).get(path);
    }

    private static String newOrder() {
        return "order-" + UUID.randomUUID();
    }
}
