package io.paybus.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.events.PaymentEnvelope;
import io.paybus.infra.samples.StripeSamples;
import io.paybus.ingest.reconcile.ProviderEvents;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a Stripe object's state implies, read by the webhook's own translator. */
class StripeSnapshotsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StripeSamples samples = StripeSamples.load();
    private static final Instant READ = Instant.parse("2026-12-02T10:00:00Z");
    private final StripeEventTranslator translator = new StripeEventTranslator();

    @Test
    void aPaymentWaitingForItsFirstMethodSaysNothingAndOneAfterADeclineIsAFailure() throws Exception {
        assertThat(StripeSnapshots.of("payment_intents", JSON.readTree(samples.paymentIntent("pi_1", "o1", 100, "eur",
                "requires_payment_method", null, 1)), READ)).isEmpty();
        List<ProviderEvents.Listed> failed = StripeSnapshots.of("payment_intents", JSON.readTree(
                samples.paymentIntent("pi_1", "o1", 100, "eur", "failed", null, 1)), READ);
        assertThat(failed).hasSize(1);
        PaymentEnvelope envelope = translator.translate(failed.get(0).json(), READ).envelope().orElseThrow();
        assertThat(envelope.type()).isEqualTo("payment.failed");
        assertThat(envelope.orderId()).isEqualTo("o1");
        assertThat(envelope.occurredAt()).as("dated when read").isEqualTo(READ);
        assertThat(envelope.providerEventId()).matches("snapshot:pi_1:payment:[0-9a-f]{16}");
    }

    @Test
    void theSameStateIsTheSameSnapshotAndAnotherStateAnotherOne() throws Exception {
        JsonNode pending = JSON.readTree(samples.paymentIntent("pi_2", "o2", 100, "eur", "processing", null, 1));
        JsonNode paid = JSON.readTree(samples.paymentIntent("pi_2", "o2", 100, "eur", "succeeded", null, 1));
        String first = StripeSnapshots.of("payment_intents", pending, READ).get(0).id();
        assertThat(StripeSnapshots.of("payment_intents", pending, READ.plusSeconds(60)).get(0).id()).isEqualTo(first);
        assertThat(StripeSnapshots.of("payment_intents", paid, READ).get(0).id()).isNotEqualTo(first);
    }

    @Test
    void anExpiredIncompleteSubscriptionIsCanceledAndADraftInvoiceSaysNothing() throws Exception {
        List<ProviderEvents.Listed> expired = StripeSnapshots.of("subscriptions", JSON.readTree(
                samples.subscription("sub_1", "cus_1", "price_1", "incomplete_expired", 1, 2, 1)), READ);
        assertThat(translator.translate(expired.get(0).json(), READ).envelope().orElseThrow().payload().toString())
                .contains("change=CANCELED");
        assertThat(StripeSnapshots.of("invoices", JSON.readTree(samples.invoice("in_1", "sub_1", "cus_1", "draft", 100,
                "eur", 0, 1)), READ)).isEmpty();
        assertThat(StripeSnapshots.of("invoices", JSON.readTree(samples.invoice("in_1", "sub_1", "cus_1", "open", 100,
                "eur", 2, 1)), READ)).extracting(l -> translator.translate(l.json(), READ).envelope().orElseThrow()
                .payload().toString()).singleElement().asString().contains("PAYMENT_FAILED");
    }
}
