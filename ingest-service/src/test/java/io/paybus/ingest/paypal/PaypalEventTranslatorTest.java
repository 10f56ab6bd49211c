package io.paybus.ingest.paypal;

import static io.paybus.ingest.paypal.PaypalSignatureVerifierTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentFailed;
import io.paybus.events.PaymentProcessing;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.Translation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

public class PaypalEventTranslatorTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:01Z");
    private final PaypalEventTranslator translator = new PaypalEventTranslator();

    public static String event(String id, String type, String resource) {
        return "{\"id\":\"" + id + "\",\"event_version\":\"1.0\",\"create_time\":\"2026-11-23T12:00:00.123Z\","
                + "\"resource_type\":\"capture\",\"event_type\":\"" + type + "\",\"resource\":" + resource + "}";
    }

    public static String capture(String captureId, String orderRef, String value, String currency) {
        return "{\"id\":\"" + captureId + "\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"" + currency
                + "\",\"value\":\"" + value + "\"},\"final_capture\":true,\"custom_id\":\"" + orderRef + "\","
                + "\"supplementary_data\":{\"related_ids\":{\"order_id\":\"5O190127TN364715T\"}}}";
    }

    @Test
    void captureCompletedIsTheConfirmationOfPayment() {
        String body = event("WH-1", "PAYMENT.CAPTURE.COMPLETED", capture("2GG279541U471931P", "order-9", "30.11", "USD"));

        PaymentEnvelope envelope = translate(body).envelope().orElseThrow();

        assertThat(envelope.payload()).isEqualTo(new PaymentSucceeded("2GG279541U471931P", Money.of(3011, "USD")));
        assertThat(envelope.orderId()).isEqualTo("order-9");
        assertThat(envelope.provider()).isEqualTo(Provider.PAYPAL);
        assertThat(envelope.providerEventId()).isEqualTo("WH-1");
        assertThat(envelope.occurredAt()).isEqualTo(Instant.parse("2026-11-23T12:00:00.123Z"));
        assertThat(envelope.rawPayload()).isEqualTo(body);
    }

    @Test
    void amountsBecomeMinorUnitsByTheCurrencysDigits() {
        assertThat(PaypalEventTranslator.money(node("{\"currency_code\":\"JPY\",\"value\":\"1500\"}")))
                .isEqualTo(Money.of(1500, "JPY"));
        assertThat(PaypalEventTranslator.money(node("{\"currency_code\":\"EUR\",\"value\":\"0.5\"}")))
                .isEqualTo(Money.of(50, "EUR"));
        assertRejected(() -> PaypalEventTranslator.money(node("{\"currency_code\":\"USD\",\"value\":\"1.005\"}")),
                Rejection.PAYLOAD_INVALID);
        assertRejected(() -> PaypalEventTranslator.money(node("{\"currency_code\":\"USD\",\"value\":\"ten\"}")),
                Rejection.PAYLOAD_INVALID);
    }

    @Test
    void anApprovedCheckoutNamesItsPayerAsTheBuyerACaptureNoOne() {
        String approved = event("WH-A", "CHECKOUT.ORDER.APPROVED", "{\"id\":\"5O190127TN364715T\",\"intent\":"
                + "\"CAPTURE\",\"status\":\"APPROVED\",\"purchase_units\":[{\"custom_id\":\"order-a\",\"amount\":"
                + "{\"currency_code\":\"EUR\",\"value\":\"42.00\"}}],\"payer\":{\"name\":{\"given_name\":\"Lei\","
                + "\"surname\":\"Li\"},\"email_address\":\"lei@example.cn\",\"payer_id\":\"QYR5Z8XDVJNXQ\","
                + "\"address\":{\"country_code\":\"CN\"}}}");

        PaymentEnvelope envelope = translate(approved).envelope().orElseThrow();

        assertThat(envelope.orderId()).isEqualTo("order-a");
        assertThat(envelope.buyer()).isEqualTo(new io.paybus.events.Customer(null, "lei@example.cn", "Lei Li", null,
                "CN"));
        assertThat(translate(event("WH-C", "PAYMENT.CAPTURE.COMPLETED", capture("CAP-a", "order-a", "42.00", "EUR")))
                .envelope().orElseThrow().buyer()).isNull();
    }

    @Test
    void withoutCustomIdTheOrderIsPaypalsOrder() {
        String body = event("WH-2", "PAYMENT.CAPTURE.COMPLETED", capture("CAP-2", "", "1.00", "USD"));

        assertThat(translate(body).envelope().orElseThrow().orderId()).isEqualTo("5O190127TN364715T");
    }

    @Test
    void deniedCapturesAreFailuresAndRefundsCarryTheCumulativeTotal() {
        String denied = event("WH-3", "PAYMENT.CAPTURE.DENIED", capture("CAP-3", "order-3", "5.00", "USD"));
        assertThat(translate(denied).envelope().orElseThrow().payload())
                .isEqualTo(new PaymentFailed("CAP-3", "denied", null));

        String refund = "{\"id\":\"REF-1\",\"status\":\"COMPLETED\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"2.00\"},"
                + "\"custom_id\":\"order-3\",\"seller_payable_breakdown\":{\"total_refunded_amount\":"
                + "{\"currency_code\":\"USD\",\"value\":\"7.00\"}},\"links\":[{\"rel\":\"self\",\"href\":"
                + "\"https://api.paypal.com/v2/payments/refunds/REF-1\"},{\"rel\":\"up\",\"href\":"
                + "\"https://api.paypal.com/v2/payments/captures/CAP-3\"}]}";
        assertThat(translate(event("WH-4", "PAYMENT.CAPTURE.REFUNDED", refund)).envelope().orElseThrow().payload())
                .isEqualTo(new PaymentRefunded("CAP-3", null, Money.of(700, "USD")));
    }

    @Test
    void aPendingCaptureNeverMeansPaidAndTheRealSampleIsAnIgnoredType() {
        Translation pending = translate(event("WH-5", "PAYMENT.CAPTURE.PENDING", capture("C", "o", "1.00", "USD")));
        assertThat(pending.envelope().orElseThrow().payload())
                .isEqualTo(new PaymentProcessing("C", Money.of(100, "USD")))
                .isNotInstanceOf(PaymentSucceeded.class);

        Translation sample = translator.translate(PaypalSample.body(),
                new String(PaypalSample.body(), StandardCharsets.UTF_8), RECEIVED);
        assertThat(sample.eventType()).isEqualTo("PAYMENTS.PAYMENT.CREATED");
        assertThat(sample.envelope()).isEmpty();
    }

    @Test
    void rejectsBodiesThatAreNotPaypalEvents() {
        assertRejected(() -> translate("{oops"), Rejection.PAYLOAD_MALFORMED);
        assertRejected(() -> translate("{\"id\":\"WH-1\"}"), Rejection.PAYLOAD_INVALID);
        assertRejected(() -> translate(event("WH-6", "PAYMENT.CAPTURE.COMPLETED", "{\"id\":\"C\"}")),
                Rejection.PAYLOAD_INVALID);
    }

    private Translation translate(String body) {
        return translator.translate(body.getBytes(StandardCharsets.UTF_8), body, RECEIVED);
    }

    private static com.fasterxml.jackson.databind.JsonNode node(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
