package io.paybus.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static io.paybus.ingest.WebhookClient.assertProblem;
import static org.awaitility.Awaitility.await;

import io.paybus.events.EventCodec;
import io.paybus.events.PaymentEnvelope;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.TopicReader;
import io.paybus.events.Money;
import io.paybus.events.PaymentSucceeded;
import io.paybus.infra.samples.StripeSamples;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertySource;

/** The Stripe webhook against a real broker: what is accepted is on the topic, what is refused is not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class StripeWebhookIT {

    private static final TopicReader topic = IngestTestProperties.inboundTopic();
    private static final EventCodec CODEC = new EventCodec();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Autowired
    io.paybus.ingest.publish.InboundEventPublisher publisher;

    @Autowired
    io.paybus.ingest.dedup.DeliveryLedger ledger;

    private final StripeSamples samples = StripeSamples.load();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IngestTestProperties.register(registry);
        registry.add("paybus.http.max-body-size", () -> "64KB");
        registry.add("paybus.ingest.stripe.endpoints.eu-account.secrets[0]", () -> "whsec_eu_account");
        registry.add("server.tomcat.connection-timeout", () -> "2s");
        registry.add("paybus.http.body-deadline", () -> "3s");
    }

    @Test
    void aSignedPaymentIsPublishedKeyedByItsOrderBeforeTheProviderGets200() {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_" + order, order, "pi_" + order, 2500, "eur", now());

        HttpResponse<String> response = client().postStripe(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(response).path("status").asText()).isEqualTo("accepted");
        assertThat(ApiClient.json(response).path("orderId").asText()).isEqualTo(order);
        // Acknowledged means already on the topic: no waiting for it to appear.
        assertThat(recordsOf(order, 1)).singleElement().satisfies(envelope -> {
            assertThat(envelope.orderId()).isEqualTo(order);
            assertThat(envelope.payload()).isEqualTo(new PaymentSucceeded("pi_" + order, Money.of(2500, "EUR")));
            assertThat(envelope.rawPayload()).isEqualTo(body);
        });
    }

    @Test
    void aTamperedBodyGets400AndPublishesNothing() {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_t" + order, order, "pi_" + order, 2500, "eur", now());
        String signature = StripeSamples.sign(body, WebhookClient.SECRET, now());

        HttpResponse<String> response = client().postStripe(body.replace("2500", "1"), signature);

        assertProblem(response, 400, "signature_invalid");
        // A genuine event of the same order lands on the same partition after anything the tampered
        // one could have published; once it is read, the tampered one provably is not there.
        String marker = samples.paymentIntentFailed("evt_m" + order, order, "pi_" + order, 2500, "eur", now());
        assertThat(client().postStripe(marker).statusCode()).isEqualTo(200);
        assertThat(recordsOf(order, 1)).singleElement()
                .satisfies(envelope -> assertThat(envelope.providerEventId()).isEqualTo("evt_m" + order));
    }

    @Test
    void everyRefusalIsProblemJsonWithAStableCode() {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_r" + order, order, "pi_" + order, 100, "usd", now());

        assertProblem(client().postStripe(body, null), 400, "signature_missing");
        assertProblem(client().postStripe(body, "garbage"), 400, "signature_malformed");
        assertProblem(client().postStripe(body, StripeSamples.sign(body, WebhookClient.SECRET, now() - 3600)),
                400, "timestamp_too_old");
        assertProblem(client().postStripe(body, StripeSamples.sign(body, WebhookClient.SECRET, now() + 3600)),
                400, "timestamp_in_future");
        assertProblem(client().postStripe("{\"id\": oops"), 400, "payload_malformed");
        assertProblem(client().postStripe("{\"id\":\"evt_x\"}"), 400, "payload_invalid");
        assertProblem(client().postStripe(body + " ".repeat(70 * 1024)), 413, "payload_too_large");
    }

    @Test
    void everyMalformedSignatureHeaderIs400NeverA500() {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_h" + order, order, "pi_" + order, 100, "usd", now());
        String good = StripeSamples.sign(body, WebhookClient.SECRET, now());
        String v1 = good.substring(good.indexOf("v1="));
        for (String header : List.of("t=abc," + v1, "t=" + now() + ",t=" + now() + "," + v1, "t=" + now() + ",," + v1,
                ",t=" + now() + "," + v1, "t=" + now() + ", " + v1, "t = " + now() + "," + v1, "t=" + now(),
                "t=" + now() + "," + v1 + ",v0=" + "a".repeat(3000), "t=-1," + v1, "t=1e9," + v1, "=,=", "t=")) {
            assertProblem(client().postStripe(body, header), 400, "signature_malformed");
        }
        assertThat(client().postStripe(body, good).statusCode()).isEqualTo(200);
    }

    @Test
    void anEventWhoseOrderIdCannotBeStoredIsRefusedNamingTheField() {
        String longOrder = "o".repeat(300);
        String body = samples.paymentIntentSucceeded("evt_long" + newOrder(), longOrder, "pi_long", 100, "usd", now());

        var problem = io.paybus.testsupport.Problems.assertProblem(client().postStripe(body), 422, "field_invalid");

        assertThat(problem.path("field").asText()).isEqualTo("orderId");
        String control = samples.paymentIntentSucceeded("evt_ctl" + newOrder(), "bad\\nid", "pi_ctl", 100, "usd", now());
        assertThat(io.paybus.testsupport.Problems.assertProblem(client().postStripe(control), 422, "field_invalid")
                .path("field").asText()).isEqualTo("orderId");
    }

    @Test
    void aClientDrippingItsBodyGets408AtTheDeadline() throws Exception {
        long began = System.nanoTime();
        try (Dripper dripper = Dripper.open(port, Duration.ofMillis(500))) {
            String answer = dripper.awaitAnswer(Duration.ofSeconds(15));
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
        }
        // The deadline is 3 s; Tomcat checks async timeouts about once a second.
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofMillis(5_500));
    }

    @Test
    void twoHundredDrippingClientsDoNotStarveAValidDelivery() throws Exception {
        List<Dripper> drippers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                drippers.add(Dripper.open(port, Duration.ofMillis(700)));
            }
            String order = newOrder();
            String body = samples.paymentIntentSucceeded("evt_d" + order, order, "pi_" + order, 100, "usd", now());
            long began = System.nanoTime();
            HttpResponse<String> valid = client().postStripe(body);
            assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).as("the valid delivery waited")
                    .isLessThan(Duration.ofSeconds(2));
            for (Dripper dripper : drippers) {
                assertThat(dripper.awaitAnswer(Duration.ofSeconds(15))).startsWith("HTTP/1.1 408");
            }
        } finally {
            for (Dripper dripper : drippers) {
                dripper.close();
            }
        }
    }

    /** Paces every dripping client (a load generator's clock, not a wait for the server). */
    private static final java.util.concurrent.ScheduledExecutorService DRIP =
            Executors.newScheduledThreadPool(2, runnable -> {
                Thread thread = new Thread(runnable, "dripper");
                thread.setDaemon(true);
                return thread;
            });

    /** A client that declares a body and sends it one byte at a time, for as long as the server lets it. */
    private static final class Dripper implements AutoCloseable {

        private final java.net.Socket socket;
        private final java.util.concurrent.ScheduledFuture<?> drip;

        private Dripper(java.net.Socket socket, java.util.concurrent.ScheduledFuture<?> drip) {
            this.socket = socket;
            this.drip = drip;
        }

        static Dripper open(int port, Duration every) throws Exception {
            java.net.Socket socket = new java.net.Socket("127.0.0.1", port);
            socket.setSoTimeout(20_000);
            var out = socket.getOutputStream();
            out.write(("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Stripe-Signature: t=1,v1=00\r\nContent-Length: 5000\r\n\r\n{")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            var drip = DRIP.scheduleAtFixedRate(() -> {
                try {
                    out.write(' ');
                    out.flush();
                } catch (java.io.IOException closed) {
                    throw new java.io.UncheckedIOException(closed); // ends the schedule: the server hung up
                }
            }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            return new Dripper(socket, drip);
        }

        String awaitAnswer(Duration timeout) throws Exception {
            socket.setSoTimeout((int) timeout.toMillis());
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            drip.cancel(false);
            socket.close();
        }
    }

    @Test
    void anEventTypePaybusDoesNotHandleIsAcknowledgedAndCounted() {
        String body = samples.eventOf("customer", "evt_c" + newOrder(), "customer.created", now());

        HttpResponse<String> response = client().postStripe(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(response).path("status").asText()).isEqualTo("ignored");
        assertThat(metrics().body())
                .containsPattern("paybus_ingest_deliveries_total\\{.*outcome=\"ignored\".*type=\"customer.created\".*\\} 1\\.0");
    }

    @Test
    void aRedeliveryIsAcknowledgedButNotPublishedAgain() {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_d" + order, order, "pi_" + order, 300, "usd", now());

        HttpResponse<String> first = client().postStripe(body);
        HttpResponse<String> again = client().postStripe(body);

        assertThat(ApiClient.json(first).path("status").asText()).isEqualTo("accepted");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(again).path("status").asText()).isEqualTo("duplicate");
        assertOnlyOnTopic(order, "evt_d" + order);
        assertThat(jdbc.queryForObject("select count(*) from webhook_delivery where provider_event_id = ?",
                Integer.class, "evt_d" + order)).as("durable ledger row").isEqualTo(1);
    }

    @Test
    void tenCopiesOfOneDeliveryAtOncePublishOnce() throws Exception {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_c" + order, order, "pi_" + order, 300, "usd", now());
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return client().postStripe(body);
            }));
        }
        start.countDown();
        List<String> bodies = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            bodies.add(response.body());
        }
        pool.shutdown();

        assertThat(bodies).extracting(StripeWebhookIT::status).containsOnly("accepted", "duplicate")
                .filteredOn("accepted"::equals).hasSize(1);
        assertThat(bodies).extracting(StripeWebhookIT::status).filteredOn("duplicate"::equals).hasSize(9);
        assertOnlyOnTopic(order, "evt_c" + order);
    }

    /** Only that provider event of the order is on the topic, once; proven by a later marker event. */
    private void assertOnlyOnTopic(String order, String providerEventId) {
        String marker = samples.paymentIntentFailed("evt_mk" + order, order, "pi_" + order, 1, "usd", now());
        assertThat(client().postStripe(marker).statusCode()).isEqualTo(200);
        assertThat(recordsOf(order, 2)).extracting(PaymentEnvelope::providerEventId)
                .containsExactly(providerEventId, "evt_mk" + order);
    }

    @Test
    void aChunkedBodyIsCappedWhileItIsRead() throws Exception {
        byte[] big = new byte[70 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/webhooks/stripe"))
                .header("Stripe-Signature", "t=1,v1=00")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
                .build();

        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertProblem(response, 413, "payload_too_large");
    }

    @Test
    void aStalledBodyGets408AndAShortOneGets400() throws Exception {
        long began = System.nanoTime();
        String stalled = rawPost(false);
        assertThat(stalled).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));

        assertThat(rawPost(true)).startsWith("HTTP/1.1 400").contains("\"code\":\"payload_truncated\"");
    }

    /** Declares 100 bytes, sends 10, then either stops sending (stall) or closes its side (truncate). */
    private String rawPost(boolean closeOutput) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            var out = socket.getOutputStream();
            out.write(("POST /webhooks/stripe HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Stripe-Signature: t=1,v1=00\r\nContent-Length: 100\r\n\r\n{\"id\":\"ev")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void eachNamedEndpointChecksItsOwnSecrets() {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_eu" + order, order, "pi_" + order, 300, "eur", now());

        assertThat(client().postStripe("/webhooks/stripe/eu-account", body,
                StripeSamples.sign(body, "whsec_eu_account", now())).statusCode()).isEqualTo(200);
        assertProblem(client().postStripe("/webhooks/stripe/eu-account", body,
                StripeSamples.sign(body, WebhookClient.SECRET, now())), 400, "signature_invalid");
        assertProblem(client().postStripe("/webhooks/stripe", body,
                StripeSamples.sign(body, "whsec_eu_account", now())), 400, "signature_invalid");
        assertProblem(client().postStripe("/webhooks/stripe/us-account", body,
                StripeSamples.sign(body, "whsec_eu_account", now())), 404, "endpoint_not_configured");
    }

    @Test
    void neitherBodiesNorSecretsAreLoggedAndEveryOutcomeIsMeasured(CapturedOutput output) {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_l" + order, order, "pi_" + order, 300, "usd", now())
                .replace("\"receipt_email\" : null", "\"receipt_email\" : \"zoe.private@example.com\"");
        assertThat(body).contains("zoe.private@example.com");

        assertProblem(client().postStripe(body, StripeSamples.sign(body, "whsec_wrong_one", now())), 400,
                "signature_invalid");
        assertThat(client().postStripe(body).statusCode()).isEqualTo(200);

        assertThat(output.getAll()).contains("signature_invalid")
                .doesNotContain("zoe.private@example.com").doesNotContain(WebhookClient.SECRET)
                .doesNotContain("whsec_wrong_one");
        String metrics = metrics().body();
        assertThat(metrics)
                .containsPattern("paybus_ingest_deliveries_total\\{.*outcome=\"rejected\".*type=\"signature_invalid\".*\\} \\d")
                .containsPattern("paybus_ingest_deliveries_total\\{.*outcome=\"accepted\".*type=\"payment_intent.succeeded\".*\\} \\d")
                .containsPattern("paybus_ingest_publish_seconds_count \\d")
                .containsPattern("paybus_ingest_provider_lag_seconds_count\\{.*provider=\"stripe\".*\\} \\d");
    }

    @Test
    void theLedgerOutlivesTheProcessThatWroteIt() throws Exception {
        String order = newOrder();
        String body = samples.paymentIntentSucceeded("evt_r" + order, order, "pi_" + order, 300, "usd", now());
        assertThat(ApiClient.json(client().postStripe(body)).path("status").asText()).isEqualTo("accepted");
        var envelope = new io.paybus.ingest.stripe.StripeEventTranslator().translate(body, java.time.Instant.now())
                .envelope().orElseThrow();

        // A new ledger on the same database is what a restarted (or another) instance has.
        try (var restarted = new io.paybus.ingest.dedup.DeliveryLedger(jdbc,
                new org.springframework.transaction.support.TransactionTemplate(transactions), publisher,
                java.time.Clock.systemUTC(), Duration.ofSeconds(10))) {
            assertThat(restarted.publishOnce(envelope)).isEqualTo(io.paybus.ingest.dedup.DeliveryLedger.Outcome.DUPLICATE);
        }
    }

    @Test
    void deliveriesAreForgottenAfterTheRetentionOnly() {
        jdbc.update("insert into webhook_delivery (provider, provider_event_id, event_id, aggregate_key, received_at)"
                + " values ('STRIPE', 'evt_old_one', gen_random_uuid(), 'o', now() - interval '8 days'),"
                + " ('STRIPE', 'evt_recent_one', gen_random_uuid(), 'o', now() - interval '4 days')");

        ledger.forgetOlderThan(Duration.ofDays(7));

        assertThat(jdbc.queryForList("select provider_event_id from webhook_delivery where provider_event_id like"
                + " 'evt_%_one'", String.class)).containsExactly("evt_recent_one");
    }

    @Test
    void thePaypalEndpointIsA404UntilAWebhookIdIsConfigured() {
        assertProblem(client().postPaypal("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of()),
                404, "endpoint_not_configured");
    }

    /** The envelopes keyed by the order on payments.inbound, once at least {@code expected} are there. */
    private List<PaymentEnvelope> recordsOf(String order, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> topic.recordsWithKey(order).size() >= expected);
        return topic.recordsWithKey(order).stream().map(r -> CODEC.decode(r.value())).toList();
    }

    /** The {@code status} of a webhook answer, parsed. */
    private static String status(String answer) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer).path("status").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private WebhookClient client() {
        return new WebhookClient(port);
    }

    /** Prometheus, on the management port (the API port has no actuator). */
    private HttpResponse<String> metrics() {
        assertThat(client().get("/actuator/prometheus").statusCode()).isEqualTo(404);
        return new WebhookClient(managementPort).get("/actuator/prometheus");
    }

    private static String newOrder() {
        return "order-" + UUID.randomUUID();
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
