package io.paybus.ingest.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Marks the instance's own warm-up deliveries ({@link #HEADER}), so that they run the webhook path
 * up to the ledger and are then answered without being recorded or published. The token is random,
 * held only in this process and only while the warm-up runs (before the instance reports ready);
 * before and after it, the header means nothing and a delivery carrying it is ingested like any
 * other. A warm-up delivery must still pass the endpoint's signature check.
 */
@Component
public final class WarmUpToken {

    /** The request header that carries the token. */
    public static final String HEADER = "Paybus-Warm-Up";

    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile byte[] token;

    /** Starts a warm-up: a fresh token, valid until {@link #close()}. */
    public String open() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = HexFormat.of().formatHex(bytes);
        token = value.getBytes(StandardCharsets.US_ASCII);
        return value;
    }

    /** Ends the warm-up: from now on no header value matches. */
    public void close() {
        token = null;
    }

    /** Whether {@code header} is the token of a warm-up running now (compared in constant time). */
    public boolean matches(String header) {
        byte[] current = token;
        return current != null && header != null
                && MessageDigest.isEqual(current, header.getBytes(StandardCharsets.US_ASCII));
    }
}
