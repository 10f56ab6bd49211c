package io.paybus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paybus.infra.samples.StripeSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole path, as deployed: a signed Stripe webhook into the ingest service's real jar, through
 * a real Kafka broker, into the order service's real jar and its PostgreSQL event store, out of
 * GET /orders/{id}. No mocks anywhere. Subclasses say where Kafka and PostgreSQL come from.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PaymentEndToEndContract {

    protected static Stack stack;
    private final StripeSamples samples = StripeSamples.load();


    /** First, so that its receipt is the stack's first: {@code PB-<year>-000001}. */
    @Test
    @Order(1)
    void aPaypalCheckoutApprovedThriceIsCapturedOncePaidReceiptedAndMailedOnceInTheBuyersLanguage() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoSender demo = new DemoSender(stack.config().ingestUrl(), stack.config().orderUrl(), stack.credentials(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).showingMail(stack.config().imapPort());
        String stub = "http://127.0.0.1:" + stack.config().providerStubPort();

        boolean paid = demo.paypalCheckout(stub, stack.config().billingUrl(), "paypal-e2e", 4200, "EUR", "zh-CN", 3,
                Duration.ofSeconds(90));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(paid).as(text).isTrue();
        assertThat(text).as("three approvals, all accepted").contains("\"webhook_statuses\":[200, 200, 200]");
        String paypalOrder = text.replaceAll("(?s).*approves PayPal order (\\S+);.*", "$1");
        assertThat(get(stub, "/_stub/paypal/orders/" + paypalOrder + "/captures").body()).contains("\"captures\":1");
        String history = get("/orders/paypal-e2e/history").body();
        assertThat(history).contains("\"type\":\"CaptureSubmitted\"").contains("\"type\":\"PaymentConfirmed\"");
        assertThat(history.split("\"type\":\"CaptureRequested\"", -1)).as(history).hasSize(2);
        String receipt = get(stack.config().billingUrl(), "/orders/paypal-e2e/receipt").body();
        assertThat(receipt).contains("\"number\":\"PB-" + java.time.Year.now(java.time.ZoneOffset.UTC) + "-000001\"")
                .contains("\"paymentMethod\":\"PAYPAL\"")
                // The merchant's customer, completed by PayPal's payer (the country), never overridden.
                .contains("\"email\":\"paypal-e2e@buyer.example\"").contains("\"country\":\"CN\"")
                .doesNotContain("buyer@paypal.example");
        // One mail, in Simplified Chinese, and no second one however long we wait.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(MailServer.read(stack.config().imapPort(), "paypal-e2e@buyer.example")).hasSize(1));
        MailServer.Mail mail = MailServer.read(stack.config().imapPort(), "paypal-e2e@buyer.example").get(0);
        String number = "PB-" + java.time.Year.now(java.time.ZoneOffset.UTC) + "-000001";
        assertThat(mail.subject()).isEqualTo("订单 paypal-e2e 的付款收据 " + number);
        assertThat(mail.attachments()).singleElement().asString().startsWith(number + ".pdf (application/pdf, ");
        assertThat(mail.text()).contains("李雷").contains("€42.00");
    }

    @Test
    void aSignedPaymentIntentSucceededMakesTheOrderPaid() {
        String order = "order-" + UUID.randomUUID();
        String body = samples.paymentIntentSucceeded("evt_" + order, order, "pi_" + order, 4200, "usd", now());

        assertThat(postStripe(body).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/orders/" + order).body()).contains("\"status\":\"PAID\""));
        assertThat(get("/orders/" + order).body()).contains("\"amount\":4200").contains("\"currency\":\"USD\"");
        assertThat(get("/orders/" + order + "/history").body())
                .contains("\"type\":\"PaymentConfirmed\"").contains("\"providerEventId\":\"evt_" + order + "\"");
    }

    @Test
    void theSameDeliveryPostedTwiceLeavesOneHistoryEntry() {
        String order = "order-" + UUID.randomUUID();
        String body = samples.paymentIntentSucceeded("evt_" + order, order, "pi_" + order, 990, "eur", now());
        String refund = samples.chargeRefunded("evt_r" + order, order, "pi_" + order, "ch_" + order, 990, 990, "eur",
                now());

        assertThat(postStripe(body).statusCode()).isEqualTo(200);
        HttpResponse<String> again = postStripe(body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"status\":\"duplicate\"");
        assertThat(postStripe(refund).statusCode()).isEqualTo(200);

        // The refund comes after both copies on the order's partition: once it shows, both were handled.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/orders/" + order + "/history").body()).contains("RefundRecorded"));
        String history = get("/orders/" + order + "/history").body();
        assertThat(history.split("\"type\":\"PaymentConfirmed\"", -1)).hasSize(2);
        assertThat(history.split("\"sequence\":", -1)).hasSize(3);
    }

    @Test
    void theDemoSenderTurnsAnOrderPaidAndItsBuyerGetsTheReceiptByMail() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoSender demo = new DemoSender(stack.config().ingestUrl(), stack.config().orderUrl(), stack.credentials(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).showingMail(stack.config().imapPort());

        boolean paid = demo.payOrder("demo-e2e", 1099, "eur", Duration.ofSeconds(60));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(paid).as(text).isTrue();
        assertThat(text).contains("-> 200").contains("-> PAID")
                .containsPattern("receipt mailed to demo-e2e@buyer\\.example: \"Your receipt PB-\\d{4}-\\d{6} for order"
                        + " demo-e2e\"");
        List<MailServer.Mail> mails = MailServer.read(stack.config().imapPort(), "demo-e2e@buyer.example");
        // The billing service's receipt, attached as its PDF.
        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.text()).contains("Hello Demo Buyer").contains("€10.99").containsPattern(
                    "Your receipt PB-\\d{4}-\\d{6} is attached");
            assertThat(mail.attachments()).singleElement().asString().matches(
                    "PB-\\d{4}-\\d{6}\\.pdf \\(application/pdf, \\d{3,} bytes\\)");
        });
        // The receipt it links to.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(stack.config().billingUrl(), "/orders/demo-e2e/receipt").body())
                        .contains("\"buyer\":{\"name\":\"Demo Buyer\"").contains("\"number\":\"PB-"));
    }

    @Test
    void webhooksThatNeverArrivedAreFoundByASweepAndTheirOrdersGetPaid() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean recovered = new DemoSender(stack.config().ingestUrl(), stack.config().orderUrl(), stack.credentials(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).missedWebhooks(
                "http://127.0.0.1:" + stack.config().providerStubPort(),
                "http://127.0.0.1:" + stack.config().ingestManagementPort(), operatorKeyFile(), 6, 2,
                Duration.ofSeconds(60));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(recovered).as(text).isTrue();
        assertThat(text).contains("(Paybus never heard of it)").contains("2 missing and published now")
                .contains("paybus_reconcile_loss_ratio{account=\"stripe:default\"}");
    }

    @Test
    void anObjectBackfillOfTheStubsObjectsLeavesOrdersAndSubscriptionsAsTheProviderHasThem() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean matched = new DemoSender(stack.config().ingestUrl(), stack.config().orderUrl(), stack.credentials(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).firstInstall(
                "http://127.0.0.1:" + stack.config().providerStubPort(), stack.config().billingUrl(),
                operatorKeyFile(), Duration.ofSeconds(60));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(matched).as(text).isTrue();
        assertThat(text).contains("6 new and published now").contains("-> PARTIALLY_REFUNDED")
                .contains("-> canceled").contains("-> active");
        java.util.regex.Matcher order = java.util.regex.Pattern.compile("/orders/(first-\\w+-refunded)").matcher(text);
        assertThat(order.find()).isTrue();
        String view = get("/orders/" + order.group(1)).body();
        assertThat(view).contains("\"refunded\":1500").contains("\"amount\":5000");
        assertThat(get("/orders/" + order.group(1) + "/history").body()).contains("\"providerEventId\":\"snapshot:pi_");
    }

    @Test
    void aSeededDriftBetweenTheStubAndOurStateIsFoundWithBothValuesAndRepairedThroughASnapshotFact()
            throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        boolean repaired = new DemoSender(stack.config().ingestUrl(), stack.config().orderUrl(), stack.credentials(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).driftRepaired(
                "http://127.0.0.1:" + stack.config().providerStubPort(), operatorKeyFile(), Duration.ofSeconds(60));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(repaired).as(text).isTrue();
        assertThat(text).contains("1 differ").contains("refunded: ours 0, theirs 700")
                .contains("status: ours PAID, theirs PARTIALLY_REFUNDED").contains("1 facts recorded");
        java.util.regex.Matcher order = java.util.regex.Pattern.compile("\\(order (\\S+),").matcher(text);
        assertThat(order.find()).isTrue();
        assertThat(get("/orders/" + order.group(1) + "/provider").body()).contains("\"differences\":[]");
    }

    /** The alert rules and the dashboard in deploy/ ask only for metrics the services export. */
    @Test
    void everyMetricTheAlertRulesAndTheDashboardAskForIsExported() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertThat(new DemoSender(stack.config().ingestUrl(), stack.config().orderUrl(), stack.credentials(),
                new PrintStream(printed, true, StandardCharsets.UTF_8))
                .payOrder("alerts-" + UUID.randomUUID().toString().substring(0, 8), 100, "eur", Duration.ofSeconds(30)))
                .as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        java.util.Set<String> asked = new java.util.TreeSet<>();
        for (Path file : java.util.List.of(Path.of("..", "prometheus", "paybus-alerts.yml"),
                Path.of("..", "grafana", "paybus-sync-health.json"))) {
            java.util.regex.Matcher name = java.util.regex.Pattern.compile("paybus_[a-z_]+").matcher(Files.readString(file));
            while (name.find()) {
                asked.add(name.group());
            }
        }
        assertThat(asked).contains("paybus_reconcile_events_total", "paybus_dead_letters_oldest_age_seconds");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            java.util.Set<String> exported = new java.util.HashSet<>();
            for (int port : new int[] {stack.config().ingestManagementPort(), stack.config().orderManagementPort(),
                    stack.config().billingManagementPort()}) {
                HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString());
                metrics.body().lines().filter(line -> !line.startsWith("#"))
                        .forEach(line -> exported.add(line.replaceAll("[{ ].*", "")));
            }
            assertThat(exported).containsAll(asked);
        });
    }

    @Test
    void theSubscriptionDemoWatchesARenewalThroughTheProviderStub() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String subscription = "sub_e2e_" + UUID.randomUUID().toString().substring(0, 8);
        boolean renewed = new DemoSender(stack.config().ingestUrl(), null, stack.credentials(),
                new PrintStream(printed, true, StandardCharsets.UTF_8)).renewSubscription(stack.config().billingUrl(),
                subscription, "cus_" + subscription, Duration.ofSeconds(3), Duration.ofSeconds(60));
        assertThat(renewed).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("renewed:").contains("\"balance\":2000");
    }

    @Test
    void anOrderIsCreatedThroughTheGatewayAgainstTheProviderStub() {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(stack.config().orderUrl() + "/orders"))
                .header("Authorization", "Bearer " + stack.credentials().merchantKey())
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"stripe\",\"amount\":1500,"
                        + "\"currency\":\"EUR\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"clientSecret\":\"pi_local_");
    }

    @Test
    void theStackMadeItsOwnCredentialsAndNothingMovesMoneyWithoutThem() throws Exception {
        LocalCredentials credentials = stack.credentials();
        Path keys = credentials.directory();
        assertThat(keys).startsWith(stack.config().dataDirectory().toAbsolutePath());
        assertThat(credentials.merchantKey()).startsWith("pbk_").hasSizeGreaterThan(40);
        assertThat(credentials.stripeWebhookSecret()).startsWith("whsec_").isNotEqualTo("whsec_paybus_local_demo");
        assertThat(Files.getPosixFilePermissions(keys.resolve(LocalCredentials.OPERATOR_FILE)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(LocalCredentials.loadOrCreate(stack.config().dataDirectory()).operatorKey())
                .as("kept, not made anew").isEqualTo(credentials.operatorKey());
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        stack.printSummary(new PrintStream(summary, true, StandardCharsets.UTF_8));
        assertThat(summary.toString(StandardCharsets.UTF_8)).as("what run-local.sh prints")
                .contains("Credentials generated now in " + keys).contains("merchant.key").contains("operator.key")
                .contains("stripe-webhook-secret").contains("Authorization: Bearer");

        String order = "order-" + UUID.randomUUID();
        assertThat(postStripe(samples.paymentIntentSucceeded("evt_k" + order, order, "pi_" + order, 800, "eur",
                now())).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/orders/" + order).body()).contains("\"status\":\"PAID\""));
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(stack.config().orderUrl()
                + "/orders/" + order + "/refunds")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<String> grant = send(HttpRequest.newBuilder(URI.create(stack.config().billingUrl()
                + "/customers/c1/credits/grant")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + credentials.merchantKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\",\"amount\":1}")).build());
        assertThat(grant.statusCode()).as("the merchant key lacks billing:admin").isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.config().orderManagementPort()
                + "/actuator/health")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(cli("audit", "--action", "dead-letter.discard", "--limit", "5")).contains("\"entries\"");
    }

    @Test
    void operatorsResolveAPoisonedOrderWithTheCommandLine() throws Exception {
        String order = "order-" + UUID.randomUUID();
        String later = samples.paymentIntentSucceeded("evt_l" + order, order, "pi_" + order, 700, "usd", now());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(java.util.Map.of(
                "bootstrap.servers", stack.kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(io.paybus.events.Topics.PAYMENTS_INBOUND,
                    order, "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
        assertThat(postStripe(later).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(cli("list", "--order", order)).contains("ParkedBehind").contains("EventCodecException"));
        // The operators hear of it: the order service raised an alert, the notification service mailed it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(MailServer.read(stack.config().imapPort(), "ops@paybus.local")).extracting(MailServer.Mail::subject)
                        .anySatisfy(subject -> assertThat(subject).startsWith("[Paybus] ")
                                .contains(" dead letter(s) in order-service/").endsWith("/payments.inbound")));
        String listing = cli("list", "--order", order);
        String poisonId = listing.replaceAll("(?s)^\\[\\{\"id\":(\\d+),.*", "$1");
        assertThat(cli("inspect", poisonId)).contains("unreadable");
        assertThat(cli("discard", poisonId, "garbage from a load test")).contains("discarded");
        assertThat(cli("replay-key", order, "the poison was discarded")).contains("replayed");
        assertThat(cli("audit", "--action", "dead-letter.discard", "--target", "dead-letter:" + poisonId))
                .contains("\"actor\":\"key:local-operator\"").contains("garbage from a load test");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get("/orders/" + order).body()).contains("\"status\":\"PAID\""));
        assertThat(DeadLetterCli.run(new String[] {"--url", stack.config().orderUrl(), "--key-file", operatorKeyFile(),
                "replay", poisonId, "once more"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).isEqualTo(1);
    }

    @Test
    void operatorsReplayTheReadModelsDeadLettersAndRebuildItWithTheCommandLine() throws Exception {
        String order = "projection-poison-" + UUID.randomUUID();
        Stack.Infrastructure infra = stack.infrastructure();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(infra.ordersJdbcUrl(), infra.jdbcUser(),
                infra.jdbcPassword()); java.sql.Statement sql = db.createStatement()) {
            sql.execute("create or replace function refuse_poison() returns trigger as $$ begin"
                    + " if new.order_id like 'projection-poison-%' then raise exception 'read model refuses %',"
                    + " new.order_id; end if; return new; end $$ language plpgsql");
            sql.execute("create trigger refuse_poison before insert or update on order_summary"
                    + " for each row execute function refuse_poison()");
            try {
                assertThat(postStripe(samples.paymentIntentSucceeded("evt_pp" + order, order, "pi_" + order, 400,
                        "eur", now())).statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(cli("projection", "list", "--order", order)).contains("PaymentConfirmed")
                                .contains("read model refuses"));
                assertThat(cli("projection", "list", "--error", "no such error text")).isEqualTo("[]\n");
            } finally {
                sql.execute("drop trigger if exists refuse_poison on order_summary");
            }
        }
        assertThat(get("/orders/" + order).statusCode()).isEqualTo(404);

        assertThat(cli("projection", "replay", "--order", order, "the trigger is gone")).contains("\"remaining\":0");

        assertThat(get("/orders/" + order).body()).contains("\"status\":\"PAID\"");
        String rebuilt = cli("rebuild");
        assertThat(rebuilt).contains("\"percent\"").contains("read model rebuilt");
        assertThat(get("/orders/" + order).body()).contains("\"status\":\"PAID\"");
    }

    private static String cli(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String[] all = new String[args.length + 4];
        all[0] = "--url";
        all[1] = stack.config().orderUrl();
        all[2] = "--key-file";
        all[3] = operatorKeyFile();
        System.arraycopy(args, 0, all, 4, args.length);
        DeadLetterCli.run(all, new PrintStream(printed, true, StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static String operatorKeyFile() {
        return stack.credentials().directory().resolve(LocalCredentials.OPERATOR_FILE).toString();
    }

    private static HttpResponse<String> postStripe(String body) {
        return new StackCalls(stack).postStripe(body);
    }

    private static HttpResponse<String> get(String path) {
        return get(stack.config().orderUrl(), path);
    }

    private static HttpResponse<String> get(String service, String path) {
        return new StackCalls(stack).get(service, path);
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return StackCalls.send(request);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }
}
