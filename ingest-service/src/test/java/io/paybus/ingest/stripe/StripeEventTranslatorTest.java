package io.paybus.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.infra.samples.StripeSamples;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StripeEventTranslatorTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:02Z");
    private static final long CREATED = Instant.parse("2026-11-23T12:00:00Z").getEpochSecond();

    private final StripeSamples samples = StripeSamples.load();
    private final StripeEventTranslator translator = new StripeEventTranslator();

    @Test
    void theBuyerIsWhatTheObjectTellsOfWhoPaidNeverStripesCustomerIdAsOurs() {
        String intent = samples.paymentIntentSucceeded("evt_b", "order-b", "pi_b", 1099, "eur", CREATED)
                .replaceFirst("\"receipt_email\"\\s*:\\s*null", "\"receipt_email\":\"payer@example.com\"");
        assertThat(intent).contains("payer@example.com");
        assertThat(translator.translate(intent, RECEIVED).envelope().orElseThrow().buyer())
                .isEqualTo(new io.paybus.events.Customer(null, "payer@example.com", null, null, null));

        com.fasterxml.jackson.databind.JsonNode charge = json("{\"id\":\"ch_1\",\"customer\":\"cus_9\","
                + "\"billing_details\":{\"email\":\"li@example.cn\",\"name\":\"李雷\",\"address\":{\"country\":\"CN\"}}}");
        assertThat(StripeEventTranslator.buyerOf(charge))
                .isEqualTo(new io.paybus.events.Customer(null, "li@example.cn", "李雷", null, "CN"));
        com.fasterxml.jackson.databind.JsonNode session = json("{\"id\":\"cs_1\",\"locale\":\"ja\","
                + "\"customer_details\":{\"email\":\"k@example.jp\",\"name\":\"Kenji\",\"address\":{\"country\":\"JP\"}}}");
        assertThat(StripeEventTranslator.buyerOf(session))
                .isEqualTo(new io.paybus.events.Customer(null, "k@example.jp", "Kenji", "ja", "JP"));
        assertThat(StripeEventTranslator.buyerOf(json("{\"locale\":\"auto\"}")).locale()).as("the browser's")
                .isNull();
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void paymentIntentSucceededBecomesPaymentSucceededOfItsOrder() {
        String body = samples.paymentIntentSucceeded("evt_1", "order-7", "pi_7", 1099, "eur", CREATED);

        PaymentEnvelope envelope = translator.translate(body, RECEIVED).envelope().orElseThrow();

        assertThat(envelope.payload()).isEqualTo(new PaymentSucceeded("pi_7", Money.of(1099, "EUR")));
        assertThat(envelope.orderId()).isEqualTo("order-7");
        assertThat(envelope.provider()).isEqualTo(Provider.STRIPE);
        assertThat(envelope.providerEventId()).isEqualTo("evt_1");
        assertThat(envelope.eventId()).isEqualTo(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_1"));
        assertThat(envelope.occurredAt()).isEqualTo(Instant.ofEpochSecond(CREATED));
        assertThat(envelope.receivedAt()).isEqualTo(RECEIVED);
        assertThat(envelope.rawPayload()).isEqualTo(body);
    }

    @Test
    void paymentFailedCarriesTheProvidersReason() {
        String body = samples.paymentIntentFailed("evt_2", "order-7", "pi_7", 1099, "usd", CREATED);

        assertThat(translator.translate(body, RECEIVED).envelope().orElseThrow().payload())
                .isEqualTo(new PaymentFailed("pi_7", "card_declined", "Your card was declined."));
    }

    @Test
    void chargeRefundedCarriesTheCumulativeRefundOfTheIntent() {
        String body = samples.chargeRefunded("evt_3", "order-7", "pi_7", "ch_7", 1099, 400, "usd", CREATED);

        assertThat(translator.translate(body, RECEIVED).envelope().orElseThrow().payload())
                .isEqualTo(new PaymentRefunded("pi_7", "ch_7", Money.of(400, "usd")));
    }

    @Test
    void withoutOrderMetadataThePaymentIntentStandsInForTheOrder() {
        String succeeded = samples.paymentIntentSucceeded("evt_4", null, "pi_9", 500, "usd", CREATED);
        String refunded = samples.chargeRefunded("evt_5", null, "pi_9", "ch_9", 500, 500, "usd", CREATED);

        assertThat(translator.translate(succeeded, RECEIVED).envelope().orElseThrow().orderId()).isEqualTo("pi_9");
        assertThat(translator.translate(refunded, RECEIVED).envelope().orElseThrow().orderId()).isEqualTo("pi_9");
    }

    @Test
    void eventsOfAnotherApiVersionAreReadTheSame() {
        String body = samples.paymentIntentSucceeded("evt_6", "order-7", "pi_7", 1099, "usd", CREATED)
                .replace("2025-10-29.clover", "2019-02-19");

        assertThat(translator.translate(body, RECEIVED).envelope().orElseThrow().payload())
                .isEqualTo(new PaymentSucceeded("pi_7", Money.of(1099, "usd")));
    }

    @Test
    void typesPaybusDoesNotHandleAreIgnoredNotRejected() {
        String body = samples.eventOf("product", "evt_7", "product.created", CREATED);

        io.paybus.ingest.webhook.Translation translation = translator.translate(body, RECEIVED);

        assertThat(translation.eventType()).isEqualTo("product.created");
        assertThat(translation.envelope()).isEmpty();
    }

    @Test
    void rejectsBodiesThatAreNotStripeEvents() {
        assertRejected("{not json", Rejection.PAYLOAD_MALFORMED);
        assertRejected("[1,2]", Rejection.PAYLOAD_MALFORMED);
        assertRejected("{\"id\":\"evt_1\"}", Rejection.PAYLOAD_INVALID);
        String noCurrency = samples.paymentIntentSucceeded("evt_8", "o", "pi_1", 5, "usd", CREATED)
                .replace("\"currency\" : \"usd\"", "\"currency\" : null");
        assertRejected(noCurrency, Rejection.PAYLOAD_INVALID);
        String badCurrency = samples.paymentIntentSucceeded("evt_8", "o", "pi_1", 5, "usd", CREATED)
                .replace("\"currency\" : \"usd\"", "\"currency\" : \"dollars\"");
        assertRejected(badCurrency, Rejection.PAYLOAD_INVALID);
    }

    private void assertRejected(String body, Rejection expected) {
        assertThatThrownBy(() -> translator.translate(body, RECEIVED))
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(expected));
    }
}
