package io.paybus.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.events.DisputeOpened;
import io.paybus.events.InvoiceChanged;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.SubscriptionChanged;
import io.paybus.infra.samples.StripeSamples;
import io.paybus.ingest.webhook.Translation;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every Stripe event type Paybus handles, built from Stripe's own fixture object of its kind, and
 * the provider-neutral type it becomes.
 */
class StripeEventCoverageTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:01Z");
    private final StripeSamples samples = StripeSamples.load();
    private final StripeEventTranslator translator = new StripeEventTranslator();

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource({
            "payment_intent, payment_intent.succeeded, payment.succeeded",
            "payment_intent, payment_intent.payment_failed, payment.failed",
            "payment_intent, payment_intent.canceled, payment.canceled",
            "payment_intent, payment_intent.processing, payment.processing",
            "payment_intent, payment_intent.requires_action, payment.action_required",
            "charge, charge.succeeded, charge.succeeded",
            "charge, charge.failed, charge.failed",
            "charge, charge.captured, charge.succeeded",
            "charge, charge.refunded, payment.refunded",
            "refund, refund.created, refund.changed",
            "refund, refund.updated, refund.changed",
            "dispute, charge.dispute.created, dispute.opened",
            "dispute, charge.dispute.updated, dispute.updated",
            "dispute, charge.dispute.closed, dispute.closed",
            "dispute, charge.dispute.funds_withdrawn, dispute.funds_withdrawn",
            "dispute, charge.dispute.funds_reinstated, dispute.funds_reinstated",
            "checkout.session, checkout.session.completed, checkout.completed",
            "checkout.session, checkout.session.async_payment_succeeded, checkout.async_payment_succeeded",
            "checkout.session, checkout.session.async_payment_failed, checkout.async_payment_failed",
            "invoice, invoice.paid, invoice.changed",
            "invoice, invoice.payment_failed, invoice.changed",
            "invoice, invoice.created, invoice.changed",
            "invoice, invoice.finalized, invoice.changed",
            "subscription, customer.subscription.created, subscription.changed",
            "subscription, customer.subscription.updated, subscription.changed",
            "subscription, customer.subscription.deleted, subscription.changed",
            "subscription, customer.subscription.paused, subscription.changed",
            "subscription, customer.subscription.resumed, subscription.changed",
            "subscription, customer.subscription.trial_will_end, subscription.changed"})
    void everyHandledTypeIsNormalized(String fixture, String stripeType, String ourType) {
        Translation translation = translator.translate(
                samples.eventOf(fixture, "evt_" + stripeType, stripeType, 1_795_400_000L), RECEIVED);

        assertThat(translation.eventType()).isEqualTo(stripeType);
        PaymentEnvelope envelope = translation.envelope().orElseThrow();
        assertThat(envelope.type()).isEqualTo(ourType);
        assertThat(envelope.key()).isNotBlank();
    }

    @Test
    void aDisputeBelongsToThePaymentOfItsCharge() {
        PaymentEnvelope envelope = translate("dispute", "charge.dispute.created");

        assertThat(envelope.payload()).isEqualTo(new DisputeOpened("ch_1PgafuB7WZ01zgkWXYmPNZs8",
                "dp_1Pgc71B7WZ01zgkWMevJiAUx", Money.of(1000, "usd"), "general"));
        assertThat(envelope.orderId()).isEqualTo("ch_1PgafuB7WZ01zgkWXYmPNZs8");
    }

    @Test
    void subscriptionsAndTheirInvoicesAreKeyedByTheSubscription() {
        PaymentEnvelope subscription = translate("subscription", "customer.subscription.deleted");
        assertThat(subscription.subscriptionId()).isEqualTo("sub_1Pgc6rB7WZ01zgkWNy0Cn5nw");
        assertThat(subscription.orderId()).isNull();
        SubscriptionChanged changed = (SubscriptionChanged) subscription.payload();
        assertThat(changed.change()).isEqualTo(SubscriptionChanged.Change.CANCELED);
        assertThat(changed.customerRef()).isEqualTo("cus_QXg1o8vcGmoR32");
        assertThat(changed.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(976287773));
        assertThat(changed.cancelAtPeriodEnd()).isTrue();

        PaymentEnvelope invoice = translate("invoice", "invoice.payment_failed");
        InvoiceChanged failed = (InvoiceChanged) invoice.payload();
        assertThat(failed.change()).isEqualTo(InvoiceChanged.Change.PAYMENT_FAILED);
        assertThat(failed.subscriptionRef()).isEqualTo("subscription");
        assertThat(failed.amountDue()).isEqualTo(Money.of(1000, "usd"));
    }

    @Test
    void checkoutCompletedAloneNeverConfirmsPayment() {
        PaymentEnvelope envelope = translate("checkout.session", "checkout.session.completed");

        assertThat(envelope.type()).isEqualTo("checkout.completed").isNotEqualTo("payment.succeeded");
        assertThat(envelope.orderId()).isEqualTo("pi_1PgafyB7WZ01zgkWSjxsAJo3");
    }

    private PaymentEnvelope translate(String fixture, String type) {
        return translator.translate(samples.eventOf(fixture, "evt_1", type, 1_795_400_000L), RECEIVED)
                .envelope().orElseThrow();
    }
}
