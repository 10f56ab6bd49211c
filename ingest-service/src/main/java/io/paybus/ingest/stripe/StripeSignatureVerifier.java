package io.paybus.ingest.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Checks a {@code Stripe-Signature} header over the raw body, with stripe-java's HMAC-SHA256 and
 * constant-time comparison.
 *
 * <p>Two things stripe-java leaves to us: several active secrets (a delivery passes if any of them
 * signed it, so secrets rotate without downtime) and a bound on timestamps in the future (the
 * library only rejects old ones). Both directions use the same tolerance.
 */
public final class StripeSignatureVerifier {

    /** A signing secret, accepted until {@code expiresAt} ({@code null}: no end). */
    public record SigningSecret(String value, Instant expiresAt) {

        public SigningSecret {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a Stripe signing secret must not be blank");
            }
        }

        public static SigningSecret permanent(String value) {
            return new SigningSecret(value, null);
        }

        boolean activeAt(Instant now) {
            return expiresAt == null || now.isBefore(expiresAt);
        }
    }

    private final List<SigningSecret> secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    /** A verifier whose secrets never expire. */
    public static StripeSignatureVerifier of(List<String> secrets, Duration tolerance, Clock clock) {
        return new StripeSignatureVerifier(secrets.stream().map(SigningSecret::permanent).toList(), tolerance, clock);
    }

    public StripeSignatureVerifier(List<SigningSecret> secrets, Duration tolerance, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("paybus.ingest.stripe.secrets: at least one non-blank signing secret");
        }
        this.secrets = List.copyOf(secrets);
        this.toleranceSeconds = tolerance.toSeconds();
        this.clock = clock;
    }

    /**
     * Returns the body as text when one of the secrets signed it within the time window.
     *
     * @throws WebhookRejectedException saying which check failed
     */
    public String verify(byte[] body, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new WebhookRejectedException(Rejection.SIGNATURE_MISSING, "Stripe-Signature header is missing");
        }
        long timestamp = timestampOf(signatureHeader);
        String payload = utf8(body);
        // The failure is built only when every secret failed: an exception made up front, on every
        // delivery, filled in a stack trace through the whole filter chain for nothing (#15).
        SignatureVerificationException last = null;
        boolean verified = false;
        Instant now = clock.instant();
        for (SigningSecret secret : secrets) {
            if (!secret.activeAt(now)) {
                continue;
            }
            try {
                Webhook.Signature.verifyHeader(payload, signatureHeader, secret.value(), toleranceSeconds, clock);
                verified = true;
                break;
            } catch (SignatureVerificationException e) {
                last = e;
                if (e.getMessage().startsWith("Timestamp")) {
                    // The signature matched this secret: the age is what failed, not the key.
                    break;
                }
            }
        }
        if (!verified) {
            throw last != null ? rejectionFor(last) : noMatchingSignature();
        }
        long nowSeconds = now.getEpochSecond();
        if (timestamp > nowSeconds + toleranceSeconds) {
            throw new WebhookRejectedException(Rejection.TIMESTAMP_IN_FUTURE, "signature timestamp " + timestamp
                    + " is more than " + toleranceSeconds + " s ahead of " + nowSeconds);
        }
        return payload;
    }

    private WebhookRejectedException rejectionFor(SignatureVerificationException e) {
        String message = e.getMessage();
        if (message.startsWith("Timestamp")) {
            return new WebhookRejectedException(Rejection.TIMESTAMP_TOO_OLD,
                    "signature timestamp is more than " + toleranceSeconds + " s old");
        }
        if (message.startsWith("No signatures found matching")) {
            return noMatchingSignature();
        }
        return new WebhookRejectedException(Rejection.SIGNATURE_MALFORMED, message);
    }

    /** No active secret signed the body (also when no secret is active at all). */
    private static WebhookRejectedException noMatchingSignature() {
        return new WebhookRejectedException(Rejection.SIGNATURE_INVALID,
                "no v1 signature matches the body with an active secret");
    }

    /** Longer than any header Stripe sends (a timestamp and a few 64-digit signatures). */
    static final int MAX_HEADER_LENGTH = 2048;

    /**
     * Parses the header strictly before stripe-java sees it: {@code t=<digits>,v1=<hex>[,…]}, items
     * of {@code name=value} with letters and digits only, no spaces, no empty items, exactly one
     * {@code t} and at least one {@code v1}. Anything else is {@code signature_malformed}: a header
     * with two timestamps, for one, could pair a fresh timestamp with a replayed signature.
     */
    static long timestampOf(String header) {
        if (header.length() > MAX_HEADER_LENGTH) {
            throw malformed("Stripe-Signature is longer than " + MAX_HEADER_LENGTH + " characters");
        }
        Long timestamp = null;
        boolean v1 = false;
        for (String item : header.split(",", -1)) {
            int equals = item.indexOf('=');
            if (equals <= 0 || equals == item.length() - 1) {
                throw malformed("Stripe-Signature has an item that is not name=value");
            }
            String name = item.substring(0, equals);
            String value = item.substring(equals + 1);
            if (!alphanumeric(name) || !alphanumeric(value)) {
                throw malformed("Stripe-Signature items may hold letters and digits only (no spaces)");
            }
            if (name.equals("t")) {
                if (timestamp != null) {
                    throw malformed("Stripe-Signature has more than one t= timestamp");
                }
                if (value.length() > 12 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw malformed("Stripe-Signature t= is not a unix time in seconds");
                }
                timestamp = Long.parseLong(value);
            } else if (name.equals("v1")) {
                v1 = true;
            }
        }
        if (timestamp == null) {
            throw malformed("Stripe-Signature has no t= timestamp");
        }
        if (!v1) {
            throw malformed("Stripe-Signature has no v1= signature");
        }
        return timestamp;
    }

    private static boolean alphanumeric(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static WebhookRejectedException malformed(String detail) {
        return new WebhookRejectedException(Rejection.SIGNATURE_MALFORMED, detail);
    }

    /** Strict UTF-8: a body that is not valid UTF-8 cannot be what Stripe signed. */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new WebhookRejectedException(Rejection.SIGNATURE_INVALID, "body is not valid UTF-8");
        }
    }
}
