package io.paybus.ingest.paypal;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.events.DisputeClosed;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentProcessing;
import io.paybus.events.SubscriptionChanged;
import io.paybus.events.SubscriptionPaymentChanged;
import io.paybus.ingest.webhook.Translation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every PayPal event type Paybus handles, in PayPal's resource shapes, and what it becomes. */
class PaypalEventCoverageTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:01Z");
    private final PaypalEventTranslator translator = new PaypalEventTranslator();

    static final String ORDER = "{\"id\":\"5O190127TN364715T\",\"status\":\"APPROVED\",\"purchase_units\":[{\"reference_id\":"
            + "\"default\",\"custom_id\":\"order-7\",\"amount\":{\"currency_code\":\"USD\",\"value\":\"100.00\"}}]}";
    static final String CAPTURE = "{\"id\":\"2GG279541U471931P\",\"status\":\"COMPLETED\",\"custom_id\":\"order-7\","
            + "\"amount\":{\"currency_code\":\"USD\",\"value\":\"100.00\"},\"status_details\":{\"reason\":\"BUYER_COMPLAINT\"}}";
    static final String REFUND = "{\"id\":\"1JU08902781691411\",\"status\":\"COMPLETED\",\"custom_id\":\"order-7\","
            + "\"amount\":{\"currency_code\":\"USD\",\"value\":\"10.00\"},\"links\":[{\"rel\":\"up\",\"href\":"
            + "\"https://api.paypal.com/v2/payments/captures/2GG279541U471931P\"}]}";
    static final String SALE = "{\"id\":\"80021663DE681814L\",\"state\":\"completed\",\"amount\":{\"total\":\"9.99\","
            + "\"currency\":\"USD\"},\"billing_agreement_id\":\"I-BW452GLLEP1G\",\"sale_id\":\"80021663DE681814L\"}";
    static final String ONE_OFF_SALE = "{\"id\":\"4RR959492F879224U\",\"state\":\"completed\",\"amount\":{\"total\":"
            + "\"30.11\",\"currency\":\"USD\"},\"invoice_number\":\"order-8\"}";
    static final String SUBSCRIPTION = "{\"id\":\"I-BW452GLLEP1G\",\"plan_id\":\"P-5ML4271244454362WXNWU5NQ\","
            + "\"status\":\"ACTIVE\",\"subscriber\":{\"payer_id\":\"2J6QB8YJQSJRJ\"},\"billing_info\":{"
            + "\"next_billing_time\":\"2026-12-23T10:00:00Z\",\"last_payment\":{\"time\":\"2026-11-23T10:00:00Z\"}}}";
    static final String DISPUTE = "{\"dispute_id\":\"PP-D-4012\",\"status\":\"RESOLVED\",\"reason\":\"MERCHANDISE_OR_SERVICE_NOT_RECEIVED\","
            + "\"dispute_amount\":{\"currency_code\":\"USD\",\"value\":\"100.00\"},\"disputed_transactions\":[{"
            + "\"seller_transaction_id\":\"2GG279541U471931P\",\"custom\":\"order-7\"}],\"dispute_outcome\":{"
            + "\"outcome_code\":\"RESOLVED_SELLER_FAVOUR\"}}";

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "CHECKOUT.ORDER.APPROVED | order | checkout.approved | order-7",
            "CHECKOUT.ORDER.COMPLETED | order | checkout.completed | order-7",
            "PAYMENT.CAPTURE.COMPLETED | capture | payment.succeeded | order-7",
            "PAYMENT.CAPTURE.PENDING | capture | payment.processing | order-7",
            "PAYMENT.CAPTURE.DENIED | capture | payment.failed | order-7",
            "PAYMENT.CAPTURE.DECLINED | capture | payment.failed | order-7",
            "PAYMENT.CAPTURE.REFUNDED | refund | payment.refunded | order-7",
            "PAYMENT.CAPTURE.REVERSED | capture | payment.reversed | order-7",
            "PAYMENT.SALE.COMPLETED | sale | subscription.payment_changed | I-BW452GLLEP1G",
            "PAYMENT.SALE.REFUNDED | sale | subscription.payment_changed | I-BW452GLLEP1G",
            "PAYMENT.SALE.REVERSED | sale | subscription.payment_changed | I-BW452GLLEP1G",
            "PAYMENT.SALE.COMPLETED | one-off sale | payment.succeeded | order-8",
            "BILLING.SUBSCRIPTION.CREATED | subscription | subscription.changed | I-BW452GLLEP1G",
            "BILLING.SUBSCRIPTION.ACTIVATED | subscription | subscription.changed | I-BW452GLLEP1G",
            "BILLING.SUBSCRIPTION.UPDATED | subscription | subscription.changed | I-BW452GLLEP1G",
            "BILLING.SUBSCRIPTION.EXPIRED | subscription | subscription.changed | I-BW452GLLEP1G",
            "BILLING.SUBSCRIPTION.CANCELLED | subscription | subscription.changed | I-BW452GLLEP1G",
            "BILLING.SUBSCRIPTION.SUSPENDED | subscription | subscription.changed | I-BW452GLLEP1G",
            "CUSTOMER.DISPUTE.CREATED | dispute | dispute.opened | order-7",
            "CUSTOMER.DISPUTE.UPDATED | dispute | dispute.updated | order-7",
            "CUSTOMER.DISPUTE.RESOLVED | dispute | dispute.closed | order-7"})
    void everyHandledTypeIsNormalized(String paypalType, String resource, String ourType, String key) {
        PaymentEnvelope envelope = translate(paypalType, resource);

        assertThat(envelope.type()).isEqualTo(ourType);
        assertThat(envelope.key()).isEqualTo(key);
    }

    @Test
    void aPendingCaptureIsProcessingNeverPaid() {
        assertThat(translate("PAYMENT.CAPTURE.PENDING", "capture").payload())
                .isEqualTo(new PaymentProcessing("2GG279541U471931P", Money.of(10000, "USD")));
    }

    @Test
    void subscriptionsCarryTheirPlanAndPeriodAndSalesTheirAmount() {
        SubscriptionChanged activated = (SubscriptionChanged) translate("BILLING.SUBSCRIPTION.ACTIVATED", "subscription")
                .payload();
        assertThat(activated.change()).isEqualTo(SubscriptionChanged.Change.ACTIVATED);
        assertThat(activated.status()).isEqualTo("active");
        assertThat(activated.planRef()).isEqualTo("P-5ML4271244454362WXNWU5NQ");
        assertThat(activated.currentPeriodEnd()).isEqualTo(Instant.parse("2026-12-23T10:00:00Z"));

        assertThat(translate("PAYMENT.SALE.COMPLETED", "sale").payload()).isEqualTo(new SubscriptionPaymentChanged(
                "I-BW452GLLEP1G", SubscriptionPaymentChanged.Change.COMPLETED, "80021663DE681814L", Money.of(999, "USD")));
    }

    @Test
    void aResolvedDisputeCarriesItsOutcome() {
        assertThat(translate("CUSTOMER.DISPUTE.RESOLVED", "dispute").payload()).isEqualTo(new DisputeClosed(
                "2GG279541U471931P", "PP-D-4012", Money.of(10000, "USD"), "resolved_seller_favour"));
    }

    private PaymentEnvelope translate(String type, String resource) {
        String json = switch (resource) {
            case "order" -> ORDER;
            case "capture" -> CAPTURE;
            case "refund" -> REFUND;
            case "sale" -> SALE;
            case "one-off sale" -> ONE_OFF_SALE;
            case "subscription" -> SUBSCRIPTION;
            case "dispute" -> DISPUTE;
            default -> throw new IllegalArgumentException(resource);
        };
        String body = PaypalEventTranslatorTest.event("WH-" + type, type, json);
        Translation t = translator.translate(body.getBytes(StandardCharsets.UTF_8), body, RECEIVED);
        return t.envelope().orElseThrow();
    }
}
