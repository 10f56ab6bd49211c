package io.paybus.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paybus.events.BillingEvent;
import io.paybus.events.EventCodec;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.Provider;
import io.paybus.events.SubscriptionChanged;
import io.paybus.events.Topics;
import io.paybus.infra.EmbeddedInfra;
import io.paybus.testsupport.TestCredentials;
import io.paybus.testsupport.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code renewal.upcoming}, {@code renewal-notice} before a period ends, once, on an injected clock. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "paybus.billing.schedule-interval=200ms", "paybus.billing.renewal-notice=3d",
        "paybus.billing.consumer-group=billing-renewal-notice-it"})
@DirtiesContext // its consumers read the topics other classes write
class RenewalNoticeIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private static final EventCodec codec = new EventCodec();
    private static KafkaProducer<String, byte[]> producer;
    /** Stripe's API: the subscriber's customer, with its email and preferred locale. */
    private static final com.github.tomakehurst.wiremock.WireMockServer stripe =
            new com.github.tomakehurst.wiremock.WireMockServer(
                    com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
    private static TopicReader billingEvents;

    @Autowired
    JdbcTemplate jdbc;

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        java.time.Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        registry.add("spring.kafka.bootstrap-servers", () -> infra.kafka().bootstrapServers());
        registry.add("spring.datasource.url", () -> infra.postgres().jdbcUrl("billing_notice_it"));
        stripe.start();
        registry.add("paybus.billing.stripe.api-base", stripe::baseUrl);
        registry.add("paybus.billing.stripe.api-key", () -> "sk_test_notice");
        TestCredentials.register(registry::add);
    }

    @BeforeAll
    static void clients() {
        String bootstrap = EmbeddedInfra.shared().kafka().bootstrapServers();
        producer = io.paybus.testsupport.TestProducers.bytes(bootstrap);
        billingEvents = new TopicReader(bootstrap, Topics.BILLING_EVENTS);
    }

    @AfterAll
    static void close() throws InterruptedException {
        stripe.stop();
        producer.close();
        billingEvents.close();
    }

    @Test
    void aRenewalNoticeIsPublishedOnceThreeDaysBeforeThePeriodEnds() throws Exception {
        String sub = "sub_notice_" + UUID.randomUUID().toString().substring(0, 8);
        stripe.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/v1/customers/cus_" + sub))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":\"cus_" + sub + "\",\"object\":\"customer\",\"email\":\"fang@example.com\","
                                + "\"name\":\"Wang Fang\",\"preferred_locales\":[\"zh-CN\"],"
                                + "\"address\":{\"country\":\"CN\"}}")));
        Instant start = CLOCK.instant();
        Instant end = start.plus(10, ChronoUnit.DAYS);
        PaymentEnvelope created = PaymentEnvelope.of(Provider.STRIPE, "evt_c" + sub, start, start,
                new SubscriptionChanged(sub, SubscriptionChanged.Change.CREATED, "cus_" + sub, "active",
                        "price_pro_monthly", start, end, null, false), "{}");
        producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, sub, codec.encode(created))).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "select count(*) from subscription where subscription_id = ?", Integer.class, sub) == 1);

        // Ten days out: ticks (every 200 ms) for two seconds publish nothing.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> notices(sub).isEmpty());

        CLOCK.advance(Duration.ofDays(7).plusHours(1)); // under three days left
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(notices(sub)).hasSize(1));
        // More ticks: still one.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> notices(sub).size() == 1);
        List<BillingEvent> notices = notices(sub);
        assertThat(notices).hasSize(1);
        assertThat(notices.get(0).periodEnd()).isEqualTo(end);
        assertThat(notices.get(0).customerId()).isEqualTo("cus_" + sub);
        assertThat(notices.get(0).amount().minor()).as("the pro plan's price").isEqualTo(2900);
        assertThat(notices.get(0).customer()).as("the subscriber's contact, from Stripe's customer")
                .isEqualTo(new io.paybus.events.Customer("cus_" + sub, "fang@example.com", "Wang Fang", "zh-CN", "CN"));
    }

    private static List<BillingEvent> notices(String sub) {
        return billingEvents.recordsWithKey(sub).stream().map(r -> codec.decodeBillingEvent(r.value()))
                .filter(e -> e.type().equals(BillingEvent.RENEWAL_UPCOMING)).toList();
    }
}
