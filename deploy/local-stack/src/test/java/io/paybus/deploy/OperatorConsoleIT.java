package io.paybus.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paybus.infra.samples.StripeSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator console in a real browser (Debian's headless chromium, through Selenium), against
 * the real services of the shared stack: the console's jar, signed in with the stack's operator
 * key, calling the services' public APIs. Each main page leaves a screenshot in
 * {@code target/console-screenshots/}.
 */
@Order(2)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorConsoleIT {

    private static Stack stack;
    private static Browser browser;
    private static StackCalls calls;
    private final StripeSamples samples = StripeSamples.load();

    @RegisterExtension
    static final BeforeAllCallback shared = context -> stack = SharedStack.in(context);

    @BeforeAll
    static void openBrowser() throws Exception {
        calls = new StackCalls(stack);
        browser = Browser.open(stack.config().consoleUrl());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void onlyAKeyWithTheOperatorScopeSignsIn() {
        browser.go("/orders");
        assertThat(browser.path()).isEqualTo("/login");

        browser.type("#apiKey", "pbk_not_a_key_anyone_has").click("button[type=submit]");
        assertThat(browser.text("#refused")).isEqualTo("Paybus does not know this key.");
        browser.type("#apiKey", stack.credentials().merchantKey()).click("button[type=submit]");
        assertThat(browser.text("#refused")).contains("no operator scope");
        shot("login-refused");

        browser.type("#apiKey", stack.credentials().operatorKey()).click("button[type=submit]");
        assertThat(browser.path()).isEqualTo("/orders");
        assertThat(browser.text("h1")).isEqualTo("Orders");
        // The key never reaches the page: only its last four characters name the session.
        assertThat(browser.driver().getPageSource()).doesNotContain(stack.credentials().operatorKey());
    }

    @Test
    @Order(2)
    void searchFindsAnOrderAndItsPageShowsItsTimeline() {
        String order = "console-" + UUID.randomUUID();
        String email = order + "@buyer.example";
        pay(order, created(order, email, 2599, "eur"), 2599, "eur");

        browser.go("/orders").type("#customerEmail", email).select("#status", "PAID").click("#search");
        assertThat(browser.all("#orders tbody tr")).singleElement().satisfies(row -> assertThat(row.getText())
                .contains(order).contains("PAID").contains("25.99 EUR").contains(email));
        shot("orders-search");

        browser.clickLink(order);
        assertThat(browser.path()).isEqualTo("/orders/" + order);
        assertThat(browser.text("#status")).isEqualTo("PAID");
        assertThat(browser.all("#timeline .event-type")).extracting(e -> e.getText())
                .containsExactly("OrderPlaced", "PaymentConfirmed");
        browser.clickLink("Ask the provider now");
        assertThat(browser.text("#live")).contains("Ours beside the provider's");
        shot("order-detail");

        // A search the service refuses is said on the page, with the service's words.
        browser.go("/orders?currency=EURO");
        assertThat(browser.text(".refused")).contains("currency");
    }

    @Test
    @Order(3)
    void anInterventionWithAReasonIsInTheHistoryAndTheAuditLog() {
        String order = "console-" + UUID.randomUUID();
        created(order, order + "@buyer.example", 1200, "usd");
        String reason = "buyer asked to cancel by phone, ticket " + order.substring(8, 16);

        browser.go("/orders/" + order);
        assertThat(browser.text("#status")).isEqualTo("AWAITING_PAYMENT");
        browser.select("#action", "cancel").type("#reason", reason).click("#intervene");

        assertThat(browser.text(".done")).isEqualTo("cancel recorded; the order is CANCELED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            browser.refresh();
            assertThat(browser.text("#status")).isEqualTo("CANCELED");
        });
        assertThat(browser.all("#timeline .event-type")).extracting(e -> e.getText()).last()
                .isEqualTo("InterventionRecorded");
        assertThat(browser.text("#timeline")).contains("key:local-operator: " + reason);
        shot("order-intervention");

        browser.go("/audit/order").type("#action", "order.intervention").type("#target", "order:" + order)
                .click("form.filters button");
        assertThat(browser.all("#audit tbody tr")).singleElement().satisfies(row -> assertThat(row.getText())
                .contains("key:local-operator").contains(reason));
        shot("audit");
    }

    @Test
    @Order(4)
    void aPoisonedOrdersDeadLettersAreInspectedDiscardedAndReplayedFromThePage() throws Exception {
        String order = "console-" + UUID.randomUUID();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(java.util.Map.of("bootstrap.servers",
                stack.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(io.paybus.events.Topics.PAYMENTS_INBOUND, order,
                    "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
        assertThat(calls.postStripe(samples.paymentIntentSucceeded("evt_" + order, order, "pi_" + order, 700, "usd",
                StackCalls.now())).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            browser.go("/dead-letters/order?key=" + order);
            assertThat(browser.all("#dead-letters tbody tr")).hasSize(2);
        });
        assertThat(browser.text("#dead-letters")).contains("EventCodecException").contains("ParkedBehind");
        shot("dead-letters");
        String poison = browser.all("#dead-letters tbody tr").get(0).findElement(org.openqa.selenium.By.tagName("a"))
                .getText();
        String behind = browser.all("#dead-letters tbody tr").get(1).findElement(org.openqa.selenium.By.tagName("a"))
                .getText();

        browser.go("/dead-letters/order/" + poison);
        assertThat(browser.text("#unreadable")).startsWith("not JSON");
        shot("dead-letter-inspect");
        browser.type("#discard-reason", "garbage from a load test").click("#discard");
        assertThat(browser.text(".done")).isEqualTo("discarded " + poison);
        assertThat(browser.text("#letter-status")).isEqualTo("DISCARDED");

        browser.go("/dead-letters/order/" + behind);
        assertThat(browser.find("#record").getText()).contains("\"orderId\" : \"" + order + "\"");
        browser.type("#replay-reason", "the poison before it was discarded").click("#replay");
        assertThat(browser.text(".done")).isEqualTo("replayed [" + behind + "]");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            browser.go("/orders/" + order);
            // No status before the read model has the order: the page says so and shows the history.
            assertThat(browser.all("#status")).extracting(e -> e.getText()).containsExactly("PAID");
        });
        browser.go("/dead-letters/order/" + behind);
        assertThat(browser.text("#letter-status")).isEqualTo("REPLAYED");
    }

    @Test
    @Order(5)
    void aCustomersSubscriptionsCreditsAndReceiptsAreOnePageAndAGrantIsKeptOnce() {
        String customer = "cus_console" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String subscription = "sub_console" + customer.substring(11);
        long start = StackCalls.now();
        assertThat(calls.postStripe(samples.subscriptionCreated("evt_" + subscription, subscription, customer,
                "price_pro_monthly", start, start + 30 * 86_400, start)).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            browser.go("/subscriptions?customerId=" + customer);
            assertThat(browser.all("#subscriptions tbody tr")).singleElement()
                    .satisfies(row -> assertThat(row.getText()).contains(subscription).contains("active"));
        });
        shot("subscriptions");
        browser.clickLink(customer);
        assertThat(browser.path()).isEqualTo("/customers/" + customer);
        long before = Long.parseLong(browser.text("#balance"));

        String key = browser.find("input[name=key]").getAttribute("value");
        browser.type("#amount", "250").type("#grant-reason", "goodwill after the outage").click("#grant");
        assertThat(browser.text(".done")).isEqualTo("granted 250 credit(s); balance " + (before + 250));
        // The same form sent twice (a double click, a resubmitted POST) carries the same key: one grant.
        assertThat(browser.find("input[name=key]").getAttribute("value")).isNotEqualTo(key);
        browser.script("document.querySelector('input[name=key]').value = arguments[0]", key);
        browser.type("#amount", "250").type("#grant-reason", "goodwill after the outage").click("#grant");
        assertThat(browser.text(".done")).isEqualTo("granted 250 credit(s); balance " + (before + 250));
        assertThat(browser.text("#balance")).isEqualTo(String.valueOf(before + 250));
        assertThat(browser.text("#ledger")).contains("goodwill after the outage");
        shot("customer");
    }

    @Test
    @Order(6)
    void reconciliationAndTheReadModelRebuildShowTheirProgress() {
        browser.go("/reconciliation").type("#sweep-reason", "checking after a deploy").click("#sweep");
        assertThat(browser.text(".done")).endsWith("sweep run(s) started");
        assertThat(browser.all("#runs tbody tr")).isNotEmpty();
        assertThat(browser.text("#runs")).contains("checking after a deploy");
        shot("reconciliation");

        browser.go("/read-model").type("#rebuild-reason", "index rebuilt").click("#rebuild");
        assertThat(browser.text(".done")).startsWith("rebuild started: ");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            browser.go("/read-model");
            assertThat(browser.text("#replaying")).isEqualTo("up to date");
        });
        assertThat(browser.find("#rebuild-progress").getAttribute("value")).isEqualTo("100");
        shot("read-model");
        browser.go("/read-model/dead-letters");
        shot("read-model-dead-letters");
    }

    @Test
    @Order(7)
    void signingOutEndsTheSession() {
        browser.go("/orders").click(".signout button");
        assertThat(browser.path()).isEqualTo("/login");
        browser.go("/dead-letters/order");
        assertThat(browser.path()).isEqualTo("/login");
    }

    /** Keeps a screenshot of the page, once it is shown that every field and control on it has a name. */
    private static void shot(String name) {
        assertThat(browser.accessibilityProblems()).as(name).isEmpty();
        System.out.println("screenshot: " + browser.screenshot(name).toAbsolutePath());
    }

    /** An order created through the gateway (merchant key) for a buyer; its provider reference. */
    private String created(String order, String email, long amount, String currency) {
        var answer = calls.post(stack.config().orderUrl(), "/orders", "{\"orderId\":\"" + order
                + "\",\"provider\":\"stripe\",\"amount\":" + amount + ",\"currency\":\"" + currency
                + "\",\"customer\":{\"id\":\"cus_" + order.substring(8, 20) + "\",\"email\":\"" + email + "\"}}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        Matcher ref = Pattern.compile("\"providerRef\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
        assertThat(ref.find()).isTrue();
        return ref.group(1);
    }

    private void pay(String order, String intent, long amount, String currency) {
        assertThat(calls.postStripe(samples.paymentIntentSucceeded("evt_" + order, order, intent, amount, currency,
                StackCalls.now())).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(calls.get(stack.config().orderUrl(),
                "/orders/" + order).body()).contains("\"status\":\"PAID\""));
    }
}
