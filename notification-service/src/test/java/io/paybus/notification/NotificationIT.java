package io.paybus.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.paybus.events.BillingEvent;
import io.paybus.events.Customer;
import io.paybus.events.EventCodec;
import io.paybus.events.Money;
import io.paybus.events.OrderEventEnvelope;
import io.paybus.events.PublishedOrderEvent;
import io.paybus.events.Topics;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.TestCredentials;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mails to buyers and operators on the real broker and PostgreSQL, through a real SMTP server
 * (GreenMail), read back over IMAP: once per event and recipient whatever the redeliveries, in the
 * buyer's locale, and none lost while SMTP is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NotificationIT {

    private static final int SMTP = freePort();
    private static final int IMAP = freePort();
    private static final String PASSWORD = "secret";
    private static final EventCodec codec = new EventCodec();
    private static final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    private static final String BILLING_KEY = "pbk_billing_read_for_notifications";
    /** The billing service's receipts as this test plays it: asked for, by path. */
    private static final List<String> billingCalls = new CopyOnWriteArrayList<>();
    private static final HttpServer webhook = webhook();
    private static GreenMail mail = startMail();
    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafka().bootstrapServers());
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl("notification_it"));
        TestCredentials.register(registry::add);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP);
        registry.add("paybus.notification.operators", () -> "ops@paybus.test");
        registry.add("paybus.notification.alert-webhook", () -> "http://127.0.0.1:" + webhook.getAddress().getPort()
                + "/hooks/alerts");
        registry.add("paybus.notification.delivery-retries", () -> "200");
        registry.add("paybus.notification.delivery-retry-wait", () -> "100ms");
        registry.add("paybus.notification.delivery-retry-max-wait", () -> "400ms");
        registry.add("paybus.notification.receipts-url", () -> "http://127.0.0.1:" + webhook.getAddress().getPort()
                + "/billing");
        registry.add("paybus.notification.receipts-api-key", () -> BILLING_KEY);
        registry.add("paybus.alerts.dead-letter-check", () -> "300ms");
        registry.add("paybus.alerts.dead-letter-age", () -> "2s");
        registry.add("paybus.alerts.relay-interval", () -> "200ms");
        producer = io.paybus.testsupport.TestProducers.bytes(infra.kafka().bootstrapServers());
    }

    @AfterAll
    static void close() {
        producer.close();
        mail.stop();
        webhook.stop(0);
    }

    @Test
    void aPaidOrderMailsTheBuyerOneReceiptInTheirLocaleWhateverTheRedeliveries() throws Exception {
        String order = "ntf-" + UUID.randomUUID().toString().substring(0, 8);
        String buyer = order + "@buyer.test";
        mail.setUser(buyer, buyer, PASSWORD);
        OrderEventEnvelope paid = OrderEventEnvelope.of(order, 1, "PAID", Instant.now(),
                new PublishedOrderEvent.OrderPaid(Money.of(990, "cny"), "pi_" + order, "STRIPE"),
                new Customer("cus_li", buyer, "李伟", "zh-CN", "CN"));
        // The three copies are one record after another on the order's partition: once the last two are
        // counted duplicates, the inbox holds what it will hold.
        double duplicates = count("receipt", "duplicate");
        send(paid);
        send(paid);
        send(paid);

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(buyer).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("receipt", "duplicate") >= duplicates + 2);
        List<Mail> mails = inbox(buyer);
        assertThat(mails).as("one receipt, not three").hasSize(1);
        assertThat(mails.get(0).subject()).isEqualTo("订单 " + order + " 的付款收据 PB-T-" + order);
        assertThat(mails.get(0).text()).contains("李伟，您好").contains("¥9.90")
                .contains("收据 PB-T-" + order + " 见附件");
        assertThat(mails.get(0).html()).contains("<html>");
        assertThat(mails.get(0).attachments()).containsExactly("PB-T-" + order + ".pdf");
        assertThat(billingCalls.stream().filter(c -> c.contains(order))).as("read once, not for the duplicates")
                .containsExactly("/billing/orders/" + order + "/receipt", "/billing/receipts/PB-T-" + order + ".pdf");

        // An English buyer's refund, amounts with the currency's decimals.
        String other = "ntf-en-" + UUID.randomUUID().toString().substring(0, 8);
        String ana = other + "@buyer.test";
        mail.setUser(ana, ana, PASSWORD);
        send(OrderEventEnvelope.of(other, 2, "PARTIALLY_REFUNDED", Instant.now(),
                new PublishedOrderEvent.OrderPartiallyRefunded(Money.of(1234, "eur")),
                new Customer(null, ana, null, null, null)));
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(ana).size() == 1);
        assertThat(inbox(ana).get(0).subject()).isEqualTo("Your refund for order " + other);
        assertThat(inbox(ana).get(0).text()).startsWith("Hello customer,").contains("€12.34");
    }

    @Test
    void aReceiptMailWaitsUntilBillingIssuedTheReceiptAndCarriesItsPdf() throws Exception {
        String order = "ntf-late-" + UUID.randomUUID().toString().substring(0, 8);
        String buyer = order + "@buyer.test";
        mail.setUser(buyer, buyer, PASSWORD);
        send(OrderEventEnvelope.of(order, 1, "PAID", Instant.now(),
                new PublishedOrderEvent.OrderPaid(Money.of(500, "jpy"), "pi_" + order, "STRIPE"),
                new Customer(null, buyer, "Kenji", "en", "JP")));

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(buyer).size() == 1);
        assertThat(billingCalls.stream().filter(c -> c.endsWith(order + "/receipt")).count())
                .as("asked until it was issued: two 404s, then the receipt").isEqualTo(3);
        Mail receipt = inbox(buyer).get(0);
        assertThat(receipt.subject()).isEqualTo("Your receipt PB-T-" + order + " for order " + order);
        assertThat(receipt.text()).contains("¥500").contains("Your receipt PB-T-" + order + " is attached (PDF)");
        assertThat(receipt.attachments()).containsExactly("PB-T-" + order + ".pdf");
    }

    @Test
    void whileSmtpIsDownNoMailIsLostAndEachIsSentOnceWhenItIsBack() throws Exception {
        mail.stop();
        List<String> buyers = new ArrayList<>();
        List<OrderEventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String order = "ntf-down-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            buyers.add(order + "@buyer.test");
            events.add(OrderEventEnvelope.of(order, 1, "PAID", Instant.now(),
                    new PublishedOrderEvent.OrderPaid(Money.of(500 + i, "eur"), "pi_" + order, "STRIPE"),
                    new Customer(null, order + "@buyer.test", "Buyer " + i, "en", "DE")));
        }
        double failedBefore = count("receipt", "retried");
        events.forEach(NotificationIT::send);
        // Sends are tried, and fail, while SMTP is down.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("receipt", "retried") >= failedBefore + 3);

        mail = startMail();
        for (String buyer : buyers) {
            mail.setUser(buyer, buyer, PASSWORD);
        }
        for (String buyer : buyers) {
            await().atMost(Duration.ofSeconds(60)).until(() -> inbox(buyer).size() == 1);
        }
        // A replay of the same events sends nothing again: each is counted a duplicate.
        double replayed = count("receipt", "duplicate");
        events.forEach(NotificationIT::send);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("receipt", "duplicate") >= replayed + 3);
        for (String buyer : buyers) {
            assertThat(inbox(buyer)).as(buyer).hasSize(1);
        }
    }

    @Test
    void aRenewalThatFailedForGoodAlertsTheOperatorsByMailAndWebhookOnce() throws Exception {
        mail.setUser("ops@paybus.test", "ops@paybus.test", PASSWORD);
        int before = inbox("ops@paybus.test").size();
        String sub = "sub_ntf_" + UUID.randomUUID().toString().substring(0, 8);
        BillingEvent failed = BillingEvent.of(BillingEvent.RENEWAL_FAILED, sub, "cus_" + sub, "STRIPE",
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), 4, null, "in_1",
                "card_declined", null, Instant.now());
        double duplicates = count(OperatorNotifications.RENEWAL_FAILED, "duplicate");
        producer.send(new ProducerRecord<>(Topics.BILLING_EVENTS, sub, codec.encode(failed))).get(10, TimeUnit.SECONDS);
        producer.send(new ProducerRecord<>(Topics.BILLING_EVENTS, sub, codec.encode(failed))).get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox("ops@paybus.test").size() == before + 1
                && webhookBodies.stream().anyMatch(b -> b.contains(sub)));
        // The second copy: its mail and its webhook both counted duplicates, nothing sent again.
        await().atMost(Duration.ofSeconds(10)).until(() -> count(OperatorNotifications.RENEWAL_FAILED, "duplicate")
                >= duplicates + 2);
        assertThat(inbox("ops@paybus.test")).hasSize(before + 1);
        Mail alert = inbox("ops@paybus.test").get(before);
        assertThat(alert.subject()).isEqualTo("[Paybus] The renewal of " + sub + " failed for good");
        assertThat(alert.text()).contains("card_declined");
        assertThat(webhookBodies.stream().filter(b -> b.contains(sub))).singleElement()
                .satisfies(b -> assertThat(b).startsWith("{\"text\":\"[Paybus] The renewal of " + sub));
    }

    /**
     * The whole loop in one service: a record it cannot read is parked; its dead-letter alarm fires
     * (raised, relayed to operations.alerts, consumed back), then ages; the operators hear of each
     * once, by mail and webhook, and again when the letter is discarded and both are resolved.
     */
    @Test
    void deadLettersAlertTheOperatorsOncePerEpisodeAndWhenResolved() throws Exception {
        mail.setUser("ops@paybus.test", "ops@paybus.test", PASSWORD);
        String scope = "notification-service/notification-orders/orders.events";
        int before = inbox("ops@paybus.test").size();
        String key = "unreadable-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(Topics.ORDERS_EVENTS, key, "{\"not\":".getBytes(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(subjects(before))
                .contains("[Paybus] 1 dead letter(s) in " + scope)
                .contains("[Paybus] dead letters in " + scope + " waiting longer than PT2S"));
        // Still open, looked at every 300 ms: nothing more is sent.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(subjects(before)).hasSize(2));
        Mail open = inbox("ops@paybus.test").stream().filter(m -> m.subject().contains("1 dead letter(s)")).toList()
                .get(0);
        assertThat(open.text()).contains("Kind: dead_letters.open").contains("Service: notification-service")
                .contains("GET /dead-letters?consumer=" + scope);
        assertThat(webhookBodies.stream().filter(b -> b.contains("1 dead letter(s) in " + scope))).hasSize(1);

        io.paybus.testsupport.ApiClient operator = io.paybus.testsupport.ApiClient.withKey(port,
                io.paybus.testsupport.TestCredentials.ALL);
        long id = io.paybus.testsupport.ApiClient.json(operator.get("/dead-letters?key=" + key)).get(0).path("id")
                .asLong();
        assertThat(operator.post("/dead-letters/" + id + "/discard", "{\"reason\":\"a test's garbage\"}")
                .statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(subjects(before))
                .contains("[Paybus] resolved: no dead letters left in " + scope).hasSize(4));
        assertThat(webhookBodies.stream().filter(b -> b.contains("resolved: no dead letters left in " + scope)))
                .hasSize(2);
    }

    private static List<String> subjects(int after) throws Exception {
        List<Mail> mails = inbox("ops@paybus.test");
        return mails.subList(after, mails.size()).stream().map(Mail::subject)
                .filter(s -> s.contains("dead letter")).toList();
    }

    @Test
    void subscribersGetTheirRenewalNoticeDunningAndCancellationInTheirLanguage() throws Exception {
        String sub = "sub_ntf_" + UUID.randomUUID().toString().substring(0, 8);
        String wang = sub + "@subscriber.test";
        mail.setUser(wang, wang, PASSWORD);
        Customer contact = new Customer("cus_" + sub, wang, "王芳", "zh-CN", "CN");
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        Instant end = Instant.parse("2027-01-01T00:00:00Z");
        billing(BillingEvent.of(BillingEvent.RENEWAL_UPCOMING, sub, "cus_" + sub, "STRIPE", start, end, 1,
                Money.of(2900, "eur"), null, null, end, Instant.now()).withCustomer(contact));
        billing(BillingEvent.of(BillingEvent.RENEWAL_RETRY_SCHEDULED, sub, "cus_" + sub, "STRIPE", start, end, 1, null,
                "in_1", "card_declined", Instant.parse("2027-01-02T00:00:00Z"), Instant.now()).withCustomer(contact));
        BillingEvent canceled = BillingEvent.of(BillingEvent.SUBSCRIPTION_CANCELED, sub, "cus_" + sub, "STRIPE", start,
                end, 4, null, null, "dunning ended", null, Instant.now()).withCustomer(contact);
        double duplicates = count("canceled", "duplicate");
        billing(canceled);
        billing(canceled);

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(wang).size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("canceled", "duplicate") >= duplicates + 1);
        List<Mail> mails = inbox(wang);
        assertThat(mails).extracting(Mail::subject).containsExactly("您的订阅将于 2027年1月1日 续订",
                "订阅 " + sub + " 扣款未成功", "订阅 " + sub + " 已取消");
        assertThat(mails.get(0).text()).contains("王芳，您好").contains("€29.00");
        assertThat(mails.get(1).text()).contains("2027年1月2日");
        // Without a contact, a subscriber gets nothing (and nothing fails).
        billing(BillingEvent.of(BillingEvent.RENEWAL_UPCOMING, sub + "x", "cus_x", "STRIPE", start, end, 1, null, null,
                null, end, Instant.now()));
    }

    @Test
    void aRenewalNoticeCarriesAOneClickUnsubscribeAndAfterItNoNoticeGoes() throws Exception {
        String sub = "sub_uns_" + UUID.randomUUID().toString().substring(0, 8);
        String address = sub + "@subscriber.test";
        mail.setUser(address, address, PASSWORD);
        Customer customer = new Customer("cus_" + sub, address, "Ana", "en", null);
        Instant end = Instant.parse("2027-01-01T00:00:00Z");
        producer.send(new ProducerRecord<>(Topics.BILLING_EVENTS, sub, codec.encode(BillingEvent.of(
                BillingEvent.RENEWAL_UPCOMING, sub, "cus_" + sub, "STRIPE", end.minusSeconds(2_592_000), end, 1,
                Money.of(2900, "eur"), null, null, null, end.minusSeconds(259_200)).withCustomer(customer))))
                .get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(address).size() == 1);
        Mail notice = inbox(address).get(0);
        assertThat(notice.unsubscribePost()).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(notice.unsubscribe()).startsWith("<http").endsWith(">").contains("/unsubscribe?address=");
        String link = notice.unsubscribe().substring(1, notice.unsubscribe().length() - 1);
        String query = link.substring(link.indexOf("/unsubscribe"));

        io.paybus.testsupport.ApiClient anyone = io.paybus.testsupport.ApiClient.anonymous(port);
        io.paybus.testsupport.Problems.assertProblem(anyone.post(query.replaceAll("token=[^&]+", "token=forged"), ""),
                403, "unsubscribe_link_invalid");
        assertThat(anyone.get(query).body()).contains("<form method=\"post\"");
        assertThat(anyone.post(query, "").statusCode()).as("the mail client's one click").isEqualTo(200);
        assertThat(io.paybus.testsupport.ApiClient.json(io.paybus.testsupport.ApiClient.withKey(port,
                TestCredentials.ALL).get("/suppressions")).path("suppressions").toString())
                .contains(address).contains("unsubscribed");

        // The next period's notice is held back.
        double suppressed = count("renewal_notice", "suppressed");
        Instant next = end.plusSeconds(2_592_000);
        producer.send(new ProducerRecord<>(Topics.BILLING_EVENTS, sub, codec.encode(BillingEvent.of(
                BillingEvent.RENEWAL_UPCOMING, sub, "cus_" + sub, "STRIPE", end, next, 1, Money.of(2900, "eur"), null,
                null, null, next.minusSeconds(259_200)).withCustomer(customer)))).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("renewal_notice", "suppressed") > suppressed);
        assertThat(inbox(address)).hasSize(1);
    }

    @Test
    void aSuppressedAddressGetsNoRenewalNoticeButStillItsDunningNotice() throws Exception {
        String sub = "sub_sup_" + UUID.randomUUID().toString().substring(0, 8);
        String address = sub + "@subscriber.test";
        mail.setUser(address, address, PASSWORD);
        io.paybus.testsupport.ApiClient operator = io.paybus.testsupport.ApiClient.withKey(port, TestCredentials.ALL);
        assertThat(operator.post("/suppressions", "{\"email\":\"" + address + "\"}").statusCode()).as("no reason")
                .isEqualTo(400);
        assertThat(operator.post("/suppressions", "{\"email\":\"" + address.toUpperCase()
                + "\",\"reason\":\"hard bounce\"}").statusCode()).isEqualTo(200);
        double suppressed = count("renewal_notice", "suppressed");
        Customer contact = new Customer("cus_" + sub, address, "Ana", "en", "PT");
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        Instant end = Instant.parse("2027-01-01T00:00:00Z");
        billing(BillingEvent.of(BillingEvent.RENEWAL_UPCOMING, sub, "cus_" + sub, "STRIPE", start, end, 1, null, null,
                null, end, Instant.now()).withCustomer(contact));
        billing(BillingEvent.of(BillingEvent.RENEWAL_RETRY_SCHEDULED, sub, "cus_" + sub, "STRIPE", start, end, 1, null,
                "in_1", "card_declined", Instant.parse("2027-01-02T00:00:00Z"), Instant.now()).withCustomer(contact));

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(address).size() == 1);
        assertThat(count("renewal_notice", "suppressed")).as("the notice held back, before the dunning notice came")
                .isEqualTo(suppressed + 1);
        assertThat(inbox(address)).extracting(Mail::subject).containsExactly("Your payment for " + sub
                + " did not go through");
        assertThat(io.paybus.testsupport.ApiClient.json(operator.get("/suppressions")).path("suppressions"))
                .anySatisfy(s -> assertThat(s.path("email").asText()).isEqualTo(address.toLowerCase()));
        assertThat(operator.send("DELETE", "/suppressions/" + address + "?reason=asked%20again", null, java.util.Map.of()).statusCode()).isEqualTo(200);
    }

    private static void billing(BillingEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.BILLING_EVENTS, event.subscriptionId(), codec.encode(event)))
                .get(10, TimeUnit.SECONDS);
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** {@code paybus_notifications_total{template, outcome}} so far. */
    private double count(String template, String outcome) {
        var counter = meters.find("paybus.notifications").tags("template", template, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @org.springframework.beans.factory.annotation.Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping mappings;

    /** Its endpoints: the suppression list and the platform's (dead letters, audit log), for operators. */
    @Test
    void everyEndpointNeedsItsScope() {
        io.paybus.testsupport.SecurityMatrix.walk(mappings.getHandlerMethods(), io.paybus.testsupport.SecurityMatrix
                .table(java.util.Map.of("GET /suppressions", io.paybus.platform.security.Scopes.OPERATOR,
                        "POST /suppressions", io.paybus.platform.security.Scopes.OPERATOR,
                        "DELETE /suppressions/{email}", io.paybus.platform.security.Scopes.OPERATOR,
                        "POST /unsubscribe", io.paybus.testsupport.SecurityMatrix.PUBLIC,
                        "GET /unsubscribe", io.paybus.testsupport.SecurityMatrix.PUBLIC),
                        io.paybus.testsupport.SecurityMatrix.PLATFORM,
                        io.paybus.testsupport.SecurityMatrix.DEAD_LETTERS), port);
    }

    private record Mail(String subject, String text, String html, List<String> attachments, String unsubscribe,
                        String unsubscribePost) {
    }

    /** The recipient's inbox, read over IMAP. */
    private static List<Mail> inbox(String user) throws Exception {
        Session session = Session.getInstance(new Properties());
        Store store = session.getStore("imap");
        store.connect("127.0.0.1", IMAP, user, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<Mail> mails = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                List<String> plain = new ArrayList<>();
                List<String> html = new ArrayList<>();
                List<String> files = new ArrayList<>();
                parts(message.getContent(), message.getContentType(), plain, html, files);
                String[] unsubscribe = message.getHeader("List-Unsubscribe");
                String[] oneClick = message.getHeader("List-Unsubscribe-Post");
                mails.add(new Mail(message.getSubject(), String.join("\n", plain), String.join("\n", html), files,
                        unsubscribe == null ? null : unsubscribe[0], oneClick == null ? null : oneClick[0]));
            }
            inbox.close(false);
            return mails;
        } finally {
            store.close();
        }
    }

    private static void parts(Object content, String type, List<String> plain, List<String> html, List<String> files)
            throws Exception {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.getFileName() != null) {
                    assertThat(part.getContentType()).startsWithIgnoringCase("application/pdf");
                    assertThat(new String(part.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                            .startsWith("%PDF-");
                    files.add(part.getFileName());
                    continue;
                }
                parts(part.getContent(), part.getContentType(), plain, html, files);
            }
        } else if (content instanceof String text) {
            (type.toLowerCase().startsWith("text/html") ? html : plain).add(text);
        }
    }

    private static void send(OrderEventEnvelope event) {
        try {
            producer.send(new ProducerRecord<>(Topics.ORDERS_EVENTS, event.orderId(), codec.encode(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail startMail() {
        ServerSetup[] setups = {new ServerSetup(SMTP, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(IMAP, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)};
        for (ServerSetup setup : setups) {
            // GreenMail's 2 s default is too short on two busy cores (a stack test failed on it).
            setup.setServerStartupTimeout(30_000);
        }
        GreenMail server = new GreenMail(setups);
        server.start();
        return server;
    }

    private static HttpServer webhook() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            // The billing service's receipts API, as the notification service reads it (with its key):
            // a "late" order's receipt is not issued for the first two asks.
            java.util.Map<String, Integer> asked = new java.util.concurrent.ConcurrentHashMap<>();
            server.createContext("/billing/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                billingCalls.add(path);
                byte[] body;
                int status = 200;
                if (!("Bearer " + BILLING_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    status = 401;
                    body = new byte[0];
                } else if (path.endsWith(".pdf")) {
                    body = "%PDF-1.4 a receipt".getBytes(StandardCharsets.US_ASCII);
                } else {
                    String order = path.substring("/billing/orders/".length(), path.length() - "/receipt".length());
                    int n = asked.merge(order, 1, Integer::sum);
                    status = order.startsWith("ntf-late-") && n <= 2 ? 404 : 200;
                    body = ("{\"number\":\"PB-T-" + order + "\",\"orderId\":\"" + order + "\"}")
                            .getBytes(StandardCharsets.UTF_8);
                }
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.createContext("/hooks/alerts", exchange -> {
                webhookBodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
