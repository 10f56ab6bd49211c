package io.paybus.ingest.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.zip.CRC32;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real signed sandbox delivery verifies at its transmission time, and nothing altered does. */
class PaypalSignatureVerifierTest {

    @TempDir
    Path temp;

    private PaypalCertificateSource certificates;
    private PaypalSignatureVerifier verifier;
    private final byte[] body = PaypalSample.body();
    private final PaypalTransmission transmission = PaypalSample.transmission();

    @BeforeEach
    void setUp() {
        certificates = new PaypalCertificateSource(
                Optional.of(new LocalCertificateDirectory(PaypalSample.pinnedCertificateDirectory(temp))),
                Optional.empty(), true);
        verifier = verifierAt(PaypalSample.SENT_AT.plusSeconds(2), PaypalSample.WEBHOOK_ID);
    }

    @Test
    void theSampleIsWhatTheReadmeSaysItIs() {
        CRC32 crc = new CRC32();
        crc.update(body);
        assertThat(body).hasSize(3241);
        assertThat(crc.getValue()).isEqualTo(3674300368L);
    }

    @Test
    void theRealDeliveryVerifiesAtItsTransmissionTime() {
        assertThatCode(() -> verifier.verify(body, transmission)).doesNotThrowAnyException();
    }

    @Test
    void changingAnyByteOfTheBodyFails() {
        for (int i = 0; i < body.length; i++) {
            byte[] tampered = body.clone();
            tampered[i] ^= 0x01;
            int position = i;
            assertThatThrownBy(() -> verifier.verify(tampered, transmission))
                    .as("byte %d changed", position)
                    .isInstanceOfSatisfying(WebhookRejectedException.class,
                            e -> assertThat(e.rejection()).isEqualTo(Rejection.SIGNATURE_INVALID));
        }
    }

    @Test
    void changingAHeaderOrTheWebhookIdFails() {
        PaypalTransmission t = transmission;
        assertRejected(() -> verifier.verify(body, PaypalTransmission.of(t.transmissionId().replace('a', 'b'),
                t.transmissionTime(), t.signature(), t.certUrl(), t.authAlgo())), Rejection.SIGNATURE_INVALID);
        assertRejected(() -> verifier.verify(body, PaypalTransmission.of(t.transmissionId(),
                "2019-08-29T10:49:34Z", t.signature(), t.certUrl(), t.authAlgo())), Rejection.SIGNATURE_INVALID);
        String flipped = (t.signature().charAt(0) == 'A' ? "B" : "A") + t.signature().substring(1);
        assertRejected(() -> verifier.verify(body, PaypalTransmission.of(t.transmissionId(), t.transmissionTime(),
                flipped, t.certUrl(), t.authAlgo())), Rejection.SIGNATURE_INVALID);
        assertRejected(() -> verifierAt(PaypalSample.SENT_AT, "0FV983392A0531202").verify(body, t),
                Rejection.SIGNATURE_INVALID);
        assertRejected(() -> verifier.verify(body, PaypalTransmission.of(t.transmissionId(), t.transmissionTime(),
                t.signature(), t.certUrl(), "SHA1withRSA")), Rejection.UNSUPPORTED_ALGORITHM);
        assertRejected(() -> verifier.verify(body, PaypalTransmission.of(t.transmissionId(), t.transmissionTime(),
                "not*base64", t.certUrl(), t.authAlgo())), Rejection.SIGNATURE_MALFORMED);
    }

    @Test
    void theSameDeliveryJudgedTodayIsTooOld() {
        assertRejected(() -> verifierAt(Instant.parse("2026-11-23T00:00:00Z"), PaypalSample.WEBHOOK_ID)
                .verify(body, transmission), Rejection.TIMESTAMP_TOO_OLD);
        assertRejected(() -> verifierAt(PaypalSample.SENT_AT.minusSeconds(301), PaypalSample.WEBHOOK_ID)
                .verify(body, transmission), Rejection.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void aPinnedCertificateOutsideItsValidityIsRefused() {
        LocalCertificateDirectory local = new LocalCertificateDirectory(PaypalSample.pinnedCertificateDirectory(temp));
        URI url = URI.create(transmission.certUrl());

        assertThat(local.find(url, PaypalSample.SENT_AT)).isPresent();
        assertRejected(() -> local.find(url, Instant.parse("2021-05-25T00:00:00Z")), Rejection.CERTIFICATE_INVALID);
        assertThat(local.find(URI.create("https://api.paypal.com/v1/notifications/certs/CERT-other"),
                PaypalSample.SENT_AT)).isEmpty();
    }

    @Test
    void withoutALocalCertificateAndWithoutFetchingTheCertificateIsUnavailable() {
        PaypalCertificateSource none = new PaypalCertificateSource(Optional.empty(), Optional.empty(), true);
        PaypalSignatureVerifier v = new PaypalSignatureVerifier(PaypalSample.WEBHOOK_ID, none, Duration.ofSeconds(300),
                Clock.fixed(PaypalSample.SENT_AT, ZoneOffset.UTC));

        assertRejected(() -> v.verify(body, transmission), Rejection.CERTIFICATE_UNAVAILABLE);
    }

    private PaypalSignatureVerifier verifierAt(Instant now, String webhookId) {
        return new PaypalSignatureVerifier(webhookId, certificates, Duration.ofSeconds(300),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    static void assertRejected(ThrowingCallable call, Rejection expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookRejectedException.class,
                e -> assertThat(e.rejection()).isEqualTo(expected));
    }
}
