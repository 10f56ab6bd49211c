package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code PAYPAL-*} headers of one delivery. {@code transmissionTime} is kept as sent: the
 * signature covers that exact text.
 */
public record PaypalTransmission(String transmissionId, String transmissionTime, String signature, String certUrl,
                                 String authAlgo) {

    public static PaypalTransmission of(String transmissionId, String transmissionTime, String signature,
            String certUrl, String authAlgo) {
        if (blank(transmissionId) || blank(transmissionTime) || blank(signature) || blank(certUrl)) {
            throw new WebhookRejectedException(Rejection.SIGNATURE_MISSING,
                    "PAYPAL-TRANSMISSION-ID, -TIME, -SIG and PAYPAL-CERT-URL are all required");
        }
        return new PaypalTransmission(transmissionId.trim(), transmissionTime.trim(), signature.trim(), certUrl.trim(),
                authAlgo == null ? null : authAlgo.trim());
    }

    /** The transmission time as an instant. */
    public Instant sentAt() {
        try {
            return Instant.parse(transmissionTime);
        } catch (DateTimeParseException e) {
            throw new WebhookRejectedException(Rejection.SIGNATURE_MALFORMED,
                    "PAYPAL-TRANSMISSION-TIME is not an ISO-8601 instant");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
