package io.paybus.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    private static final Instant OCCURRED = Instant.parse("2026-11-23T10:15:30Z");
    private static final Instant RECEIVED = Instant.parse("2026-11-23T10:15:31.250Z");

    private final EventCodec codec = new EventCodec();

    static Stream<PaymentEvent> payloads() {
        return Stream.of(
                new PaymentSucceeded("pi_1", Money.of(1099, "usd")),
                new PaymentFailed("pi_1", "card_declined", "Your card was declined."),
                new PaymentFailed("pi_1", null, null),
                new PaymentRefunded("pi_1", "ch_1", Money.of(500, "EUR")),
                new PaymentRefunded("pi_1", null, Money.of(0, "JPY")));
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void roundTripsEveryPayloadType(PaymentEvent payload) {
        PaymentEnvelope envelope = envelope(payload, "{\"id\":\"evt_1\",\"note\":\"Grüße \\u2713\"}");

        PaymentEnvelope decoded = codec.decode(codec.encode(envelope));

        assertThat(decoded).isEqualTo(envelope);
    }

    @Test
    void writesTheDocumentedWireFormat() {
        String json = new String(codec.encode(envelope(new PaymentSucceeded("pi_1", Money.of(1099, "usd")), "{}")),
                StandardCharsets.UTF_8);

        assertThat(json)
                .contains("\"type\":\"payment.succeeded\"")
                .contains("\"schemaVersion\":1")
                .contains("\"provider\":\"STRIPE\"")
                .contains("\"occurredAt\":\"2026-11-23T10:15:30Z\"")
                .contains("\"amount\":{\"minor\":1099,\"currency\":\"USD\"}")
                .contains("\"rawPayload\":\"{}\"");
    }

    @Test
    void keepsTheRawProviderBodyByteForByte() {
        String raw = "{\n  \"id\": \"evt_1\",  \"amount\": 1099, \"name\": \"Zoë \\\"Z\\\"\"\n}";
        PaymentEnvelope decoded = codec.decode(codec.encode(envelope(new PaymentFailed("pi_1", null, null), raw)));

        assertThat(decoded.rawPayload()).isEqualTo(raw);
    }

    @Test
    void aRedeliveryOfTheSameProviderEventHasTheSameEventId() {
        assertThat(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_1"))
                .isEqualTo(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_1"))
                .isNotEqualTo(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_2"))
                .isNotEqualTo(PaymentEnvelope.eventIdOf(Provider.PAYPAL, "evt_1"));
    }

    @Test
    void ignoresFieldsAddedByANewerWriterOfTheSameVersion() {
        String json = new String(codec.encode(envelope(new PaymentSucceeded("pi_1", Money.of(5, "usd")), null)),
                StandardCharsets.UTF_8).replaceFirst("\\{", "{\"addedLater\":true,");

        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8)).payload())
                .isEqualTo(new PaymentSucceeded("pi_1", Money.of(5, "usd")));
    }

    @Test
    void refusesWhatItCannotRead() {
        byte[] valid = codec.encode(envelope(new PaymentSucceeded("pi_1", Money.of(5, "usd")), null));
        String json = new String(valid, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> codec.decode("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> codec.decode(null))
                .isInstanceOf(EventCodecException.class);
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("\"schemaVersion\":1", "\"schemaVersion\":2"))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("unsupported schema version 2");
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("payment.succeeded", "payment.teleported"))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("\"USD\"", "\"XXXX\""))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("malformed payment.succeeded");
        assertThatThrownBy(() -> codec.decode(bytes(json.replace("\"orderId\"", "\"orderIdd\""))))
                .isInstanceOf(EventCodecException.class).hasMessageContaining("'orderId' is missing");
    }

    @Test
    void anEnvelopeWhoseTypeContradictsItsPayloadCannotBeBuilt() {
        assertThatThrownBy(() -> new PaymentEnvelope(PaymentEnvelope.eventIdOf(Provider.STRIPE, "evt_1"),
                "payment.failed", 1, Provider.STRIPE, "evt_1", "order-1", OCCURRED, RECEIVED,
                new PaymentSucceeded("pi_1", Money.of(5, "usd")), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moneyIsNeverNegative() {
        assertThatThrownBy(() -> Money.of(-1, "usd")).isInstanceOf(IllegalArgumentException.class);
    }

    private static PaymentEnvelope envelope(PaymentEvent payload, String raw) {
        return PaymentEnvelope.of(Provider.STRIPE, "evt_1", "order-42", OCCURRED, RECEIVED, payload, raw);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
