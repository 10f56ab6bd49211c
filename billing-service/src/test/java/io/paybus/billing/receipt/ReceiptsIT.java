package io.paybus.billing.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.billing.BillingApplication;
import io.paybus.events.EventCodec;
import io.paybus.events.Money;
import io.paybus.events.OrderEventEnvelope;
import io.paybus.events.PublishedOrderEvent;
import io.paybus.events.Topics;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.ApiClient;
import io.paybus.testsupport.TestCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Receipts of one-time payments from {@code orders.events}, on the real broker and PostgreSQL:
 * one per paid order whatever the redeliveries, credit notes for refunds and a lost dispute, and
 * gapless numbers with two billing instances consuming at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@org.springframework.test.annotation.DirtiesContext // its consumers read the topics other classes write
class ReceiptsIT {

    private static final String DATABASE = "billing_receipts_it";
    private static final EventCodec codec = new EventCodec();
    private static KafkaProducer<String, byte[]> producer;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        properties().forEach((name, value) -> registry.add(name, () -> value));
    }

    /** What a billing instance needs here; the second instance starts with the same. */
    private static Map<String, String> properties() {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        Map<String, String> properties = new HashMap<>(TestCredentials.properties());
        properties.put("spring.kafka.bootstrap-servers", infra.kafka().bootstrapServers());
        properties.put("spring.datasource.url", infra.postgres().jdbcUrl(DATABASE));
        // Its own consumer group: other test classes' billing contexts, cached and alive, read the same topics.
        properties.put("paybus.billing.consumer-group", "billing-receipts-it");
        properties.put("paybus.billing.receipts.seller.name", "Acme GmbH");
        properties.put("paybus.billing.receipts.seller.tax-id", "DE123456789");
        return properties;
    }

    @BeforeAll
    static void clients() {
        producer = io.paybus.testsupport.TestProducers.bytes(EmbeddedInfra.shared().kafka().bootstrapServers());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void aPaidOrderGetsOneReceiptWhateverTheRedeliveriesAndItsRefundsCreditNotes() throws Exception {
        String order = "rcpt-" + UUID.randomUUID().toString().substring(0, 8);
        String customer = "cus_" + order;
        OrderEventEnvelope paid = OrderEventEnvelope.of(order, 1, "PAID", Instant.now(),
                new PublishedOrderEvent.OrderPaid(Money.of(1000, "eur"), "pi_" + order, "STRIPE"),
                new io.paybus.events.Customer(customer, "ana@example.com", "Ana Lima", "pt-BR", "BR"));
        send(paid);
        send(paid); // redelivered
        JsonNode receipt = awaitReceipt(order);
        int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
        assertThat(receipt.path("number").asText()).matches("PB-" + year + "-\\d{6}");
        assertThat(receipt.path("amount").asLong()).isEqualTo(1000);
        assertThat(receipt.path("currency").asText()).isEqualTo("EUR");
        assertThat(receipt.path("paymentMethod").asText()).isEqualTo("STRIPE");
        assertThat(receipt.path("providerRef").asText()).isEqualTo("pi_" + order);
        assertThat(receipt.path("seller").path("name").asText()).isEqualTo("Acme GmbH");
        assertThat(receipt.path("seller").path("taxId").asText()).isEqualTo("DE123456789");
        assertThat(receipt.path("buyer").path("name").asText()).isEqualTo("Ana Lima");
        assertThat(receipt.path("buyer").path("email").asText()).isEqualTo("ana@example.com");
        assertThat(receipt.path("buyer").path("country").asText()).isEqualTo("BR");
        assertThat(receipt.path("locale").asText()).isEqualTo("pt-BR");
        assertThat(json("/customers/" + customer + "/receipts").path("receipts")).singleElement()
                .satisfies(r -> assertThat(r.path("orderId").asText()).isEqualTo(order));
        String number = receipt.path("number").asText();

        OrderEventEnvelope partly = OrderEventEnvelope.of(order, 2, "PARTIALLY_REFUNDED", Instant.now(),
                new PublishedOrderEvent.OrderPartiallyRefunded(Money.of(400, "eur")));
        send(partly);
        send(OrderEventEnvelope.of(order, 3, "REFUNDED", Instant.now(),
                new PublishedOrderEvent.OrderRefunded(Money.of(1000, "eur"))));
        send(partly); // replayed
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(json("/receipts/" + number).path("creditNotes")).hasSize(2));
        JsonNode refunded = json("/receipts/" + number);
        assertThat(refunded.path("creditNotes")).extracting(n -> n.path("kind").asText() + ":" + n.path("amount").asLong())
                .containsExactly("refund:400", "refund:600");
        assertThat(refunded.path("creditNotes").get(0).path("number").asText()).matches("PB-CN-" + year + "-\\d{6}");
        assertThat(refunded.path("refunded").asLong()).isEqualTo(1000);
        assertThat(jdbc.queryForObject("select count(*) from receipt where order_id = ?", Integer.class, order))
                .isEqualTo(1);

        HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + port + "/receipts/" + number + ".pdf"))
                .header("Authorization", "Bearer " + TestCredentials.ALL).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(api().get("/receipts/PB-1999-000001").statusCode()).isEqualTo(404);
        assertThat(api().get("/orders/nope-" + order + "/receipt").statusCode()).isEqualTo(404);
        assertThat(ApiClient.anonymous(port).get("/receipts/" + number).statusCode()).isEqualTo(401);
    }

    @Test
    void aLostDisputeIsACreditNoteOfWhatWasLeftAndMarksTheReceipt() throws Exception {
        String order = "rcpt-dispute-" + UUID.randomUUID().toString().substring(0, 8);
        send(OrderEventEnvelope.of(order, 1, "PAID", Instant.now(),
                new PublishedOrderEvent.OrderPaid(Money.of(5000, "jpy"), "pi_" + order, "STRIPE")));
        send(OrderEventEnvelope.of(order, 2, "PARTIALLY_REFUNDED", Instant.now(),
                new PublishedOrderEvent.OrderPartiallyRefunded(Money.of(1000, "jpy"))));
        send(OrderEventEnvelope.of(order, 3, "DISPUTE_LOST", Instant.now(), new PublishedOrderEvent.OrderDisputeLost()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(awaitReceipt(order).path("disputeLostAt").isNull()).isFalse());
        JsonNode receipt = awaitReceipt(order);
        assertThat(receipt.path("creditNotes")).extracting(n -> n.path("kind").asText() + ":" + n.path("amount").asLong())
                .containsExactly("refund:1000", "dispute_lost:4000");
        assertThat(ReceiptPdf.money(5000, "JPY")).as("zero-decimal currency").isEqualTo("5000 JPY");
        assertThat(ReceiptPdf.money(1234, "EUR")).isEqualTo("12.34 EUR");
    }

    @Test
    void twoInstancesNumberTwoHundredConcurrentPaidOrdersWithoutGapOrRepeat() throws Exception {
        Map<String, Object> args = new HashMap<>(properties());
        args.put("server.port", "0");
        args.put("management.server.port", "0");
        // As command-line arguments: they outrank application.yml, as the test context's properties do.
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(BillingApplication.class)
                .run(args.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new))) {
            KafkaListenerEndpointRegistry listeners = second.getBean(KafkaListenerEndpointRegistry.class);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(listeners
                    .getListenerContainer("billing-receipts").getAssignedPartitions()).as("the second instance's share")
                    .isNotEmpty());
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                orders.add("rcpt-many-" + i + "-" + UUID.randomUUID().toString().substring(0, 6));
            }
            ExecutorService senders = Executors.newFixedThreadPool(8);
            try {
                for (int i = 0; i < orders.size(); i++) {
                    String order = orders.get(i);
                    boolean twice = i % 4 == 0;
                    senders.execute(() -> {
                        OrderEventEnvelope paid = OrderEventEnvelope.of(order, 1, "PAID", Instant.now(),
                                new PublishedOrderEvent.OrderPaid(Money.of(100, "eur"), "pi_" + order, "STRIPE"));
                        send(paid);
                        if (twice) {
                            send(paid);
                        }
                    });
                }
            } finally {
                senders.shutdown();
                assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                    "select count(*) from receipt where order_id like 'rcpt-many-%'", Integer.class)).isEqualTo(200));
        }
        // Every receipt of the series: numbers 1..n, none missing, none twice, one per order.
        String series = "PB-" + Instant.now().atZone(ZoneOffset.UTC).getYear();
        List<Long> sequences = jdbc.queryForList("select sequence from receipt where series = ? order by sequence",
                Long.class, series);
        assertThat(sequences).hasSizeGreaterThanOrEqualTo(200).doesNotHaveDuplicates();
        assertThat(sequences.get(0)).isEqualTo(1);
        assertThat(sequences.get(sequences.size() - 1)).isEqualTo(sequences.size());
        assertThat(jdbc.queryForObject("select next_number from document_counter where series = ?", Long.class, series))
                .isEqualTo(sequences.size() + 1L);
    }

    private JsonNode awaitReceipt(String order) {
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/orders/" + order + "/receipt").statusCode() == 200);
        return json("/orders/" + order + "/receipt");
    }

    private JsonNode json(String path) {
        return ApiClient.json(api().get(path));
    }

    private ApiClient api() {
        return ApiClient.withKey(port, TestCredentials.ALL);
    }

    private static void send(OrderEventEnvelope event) {
        try {
            producer.send(new ProducerRecord<>(Topics.ORDERS_EVENTS, event.orderId(), codec.encode(event)))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
