package io.paybus.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paybus.infra.samples.StripeSamples;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StripeSignatureVerifierTest {

    private static final String SECRET = "whsec_current";
    private static final String OLD_SECRET = "whsec_previous";
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final long T = NOW.getEpochSecond();

    private final String body = StripeSamples.load()
            .paymentIntentSucceeded("evt_1", "order-1", "pi_1", 1099, "usd", T);
    private final StripeSignatureVerifier verifier = StripeSignatureVerifier.of(List.of(SECRET, OLD_SECRET),
            Duration.ofSeconds(300), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsABodySignedWithTheCurrentSecret() {
        assertThat(verifier.verify(bytes(body), StripeSamples.sign(body, SECRET, T))).isEqualTo(body);
    }

    @Test
    void acceptsABodySignedWithASecretStillActiveDuringRotation() {
        assertThat(verifier.verify(bytes(body), StripeSamples.sign(body, OLD_SECRET, T))).isEqualTo(body);
    }

    @Test
    void acceptsAHeaderWithSeveralSignaturesWhenOneMatches() {
        String header = StripeSamples.sign(body, "whsec_unknown", T) + ",v1="
                + StripeSamples.sign(body, SECRET, T).split("v1=")[1];

        assertThat(verifier.verify(bytes(body), header)).isEqualTo(body);
    }

    @Test
    void rejectsAChangedByte() {
        String header = StripeSamples.sign(body, SECRET, T);
        String tampered = body.replace("1099", "1098");

        assertRejected(() -> verifier.verify(bytes(tampered), header), Rejection.SIGNATURE_INVALID);
    }

    @Test
    void rejectsASecretThatIsNotConfigured() {
        assertRejected(() -> verifier.verify(bytes(body), StripeSamples.sign(body, "whsec_other", T)),
                Rejection.SIGNATURE_INVALID);
    }

    @Test
    void rejectsOldTimestampsButAcceptsTheEdgeOfTheWindow() {
        assertThat(verifier.verify(bytes(body), StripeSamples.sign(body, SECRET, T - 300))).isEqualTo(body);
        assertRejected(() -> verifier.verify(bytes(body), StripeSamples.sign(body, SECRET, T - 301)),
                Rejection.TIMESTAMP_TOO_OLD);
    }

    @Test
    void rejectsTimestampsTooFarInTheFuture() {
        assertThat(verifier.verify(bytes(body), StripeSamples.sign(body, SECRET, T + 300))).isEqualTo(body);
        assertRejected(() -> verifier.verify(bytes(body), StripeSamples.sign(body, SECRET, T + 301)),
                Rejection.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void rejectsMissingAndMalformedHeaders() {
        assertRejected(() -> verifier.verify(bytes(body), null), Rejection.SIGNATURE_MISSING);
        assertRejected(() -> verifier.verify(bytes(body), " "), Rejection.SIGNATURE_MISSING);
        assertRejected(() -> verifier.verify(bytes(body), "v1=abc"), Rejection.SIGNATURE_MALFORMED);
        assertRejected(() -> verifier.verify(bytes(body), "t=soon,v1=abc"), Rejection.SIGNATURE_MALFORMED);
        assertRejected(() -> verifier.verify(bytes(body), "t=" + T + ",v0=abc"), Rejection.SIGNATURE_MALFORMED);
    }

    @Test
    void rejectsABodyThatIsNotUtf8() {
        byte[] latin1 = "{\"name\":\"Zoë\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertRejected(() -> verifier.verify(latin1, StripeSamples.sign("{}", SECRET, T)), Rejection.SIGNATURE_INVALID);
    }

    @Test
    void anExpiredSecretIsNoLongerAccepted() {
        var rotating = new StripeSignatureVerifier(List.of(
                StripeSignatureVerifier.SigningSecret.permanent(SECRET),
                new StripeSignatureVerifier.SigningSecret(OLD_SECRET, NOW.plusSeconds(60))),
                Duration.ofSeconds(300), Clock.fixed(NOW, ZoneOffset.UTC));
        var afterExpiry = new StripeSignatureVerifier(List.of(
                StripeSignatureVerifier.SigningSecret.permanent(SECRET),
                new StripeSignatureVerifier.SigningSecret(OLD_SECRET, NOW.plusSeconds(60))),
                Duration.ofSeconds(300), Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));

        assertThat(rotating.verify(bytes(body), StripeSamples.sign(body, OLD_SECRET, T))).isEqualTo(body);
        assertRejected(() -> afterExpiry.verify(bytes(body), StripeSamples.sign(body, OLD_SECRET, T)),
                Rejection.SIGNATURE_INVALID);
        assertThat(afterExpiry.verify(bytes(body), StripeSamples.sign(body, SECRET, T))).isEqualTo(body);
    }

    @Test
    void refusesToStartWithoutASecret() {
        assertThatThrownBy(() -> StripeSignatureVerifier.of(List.of(), Duration.ofSeconds(300), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("paybus.ingest.stripe.secrets");
    }

    private static void assertRejected(ThrowingCallable call, Rejection expected) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(WebhookRejectedException.class,
                        e -> assertThat(e.rejection()).isEqualTo(expected));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
