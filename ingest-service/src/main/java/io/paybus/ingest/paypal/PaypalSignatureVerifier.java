package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * PayPal's offline webhook verification: SHA256withRSA, with the certificate behind
 * {@code PAYPAL-CERT-URL}, over {@code transmission_id|transmission_time|webhook_id|crc32(raw body)}
 * (CRC32 as an unsigned decimal). The webhook id is ours (the endpoint's id at PayPal), so a
 * delivery signed for another endpoint fails.
 *
 * <p>The transmission time must lie within the tolerance of now, both ways. The clock is
 * injectable so that a recorded delivery can be judged at the moment it was sent.
 */
public final class PaypalSignatureVerifier {

    private static final String ALGORITHM = "SHA256withRSA";

    private final String webhookId;
    private final PaypalCertificates certificates;
    private final Duration tolerance;
    private final Clock clock;

    public PaypalSignatureVerifier(String webhookId, PaypalCertificates certificates, Duration tolerance, Clock clock) {
        if (webhookId == null || webhookId.isBlank()) {
            throw new IllegalArgumentException("paybus.ingest.paypal.webhook-id is required");
        }
        this.webhookId = webhookId;
        this.certificates = certificates;
        this.tolerance = tolerance;
        this.clock = clock;
    }

    public void verify(byte[] body, PaypalTransmission transmission) {
        if (transmission.authAlgo() != null && !ALGORITHM.equalsIgnoreCase(transmission.authAlgo())) {
            throw new WebhookRejectedException(Rejection.UNSUPPORTED_ALGORITHM,
                    "PAYPAL-AUTH-ALGO " + transmission.authAlgo() + "; only " + ALGORITHM + " is accepted");
        }
        Instant sentAt = transmission.sentAt();
        Instant now = clock.instant();
        if (sentAt.isBefore(now.minus(tolerance))) {
            throw new WebhookRejectedException(Rejection.TIMESTAMP_TOO_OLD,
                    "transmitted " + sentAt + ", more than " + tolerance.toSeconds() + " s before " + now);
        }
        if (sentAt.isAfter(now.plus(tolerance))) {
            throw new WebhookRejectedException(Rejection.TIMESTAMP_IN_FUTURE,
                    "transmitted " + sentAt + ", more than " + tolerance.toSeconds() + " s after " + now);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(transmission.signature());
        } catch (IllegalArgumentException e) {
            throw new WebhookRejectedException(Rejection.SIGNATURE_MALFORMED, "PAYPAL-TRANSMISSION-SIG is not base64");
        }
        X509Certificate certificate = certificates.forUrl(transmission.certUrl(), sentAt);
        CRC32 crc = new CRC32();
        crc.update(body);
        String signed = transmission.transmissionId() + "|" + transmission.transmissionTime() + "|" + webhookId + "|"
                + crc.getValue();
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(signed.getBytes(StandardCharsets.UTF_8));
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a signature that cannot even be checked does not match
        }
        throw new WebhookRejectedException(Rejection.SIGNATURE_INVALID,
                "signature does not match body, headers and webhook id " + webhookId);
    }
}
