package io.paybus.notification;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * One-click unsubscribe (RFC 8058) for non-transactional mail: each such mail carries
 * {@code List-Unsubscribe: <…/unsubscribe?address=…&token=…>} and
 * {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click}; the token is an HMAC of the address
 * under {@code unsubscribe-secret}, so only the mail's recipient can take an address off, and the
 * address goes onto the suppression list as unsubscribed.
 */
@Component
class Unsubscribes {

    private final NotificationProperties properties;
    private final byte[] secret;

    Unsubscribes(NotificationProperties properties) {
        this.properties = properties;
        String configured = properties.unsubscribeSecret();
        this.secret = (configured == null || configured.isBlank() ? java.util.UUID.randomUUID().toString() : configured)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The link a mail to {@code address} carries. */
    String link(String address) {
        return properties.publicUrl() + "/unsubscribe?address=" + URLEncoder.encode(normal(address),
                StandardCharsets.UTF_8) + "&token=" + token(address);
    }

    /** Whether {@code token} is the one the link to {@code address} carries. */
    boolean valid(String address, String token) {
        return token != null && MessageDigest.isEqual(token(address).getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private String token(String address) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(normal(address).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normal(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}
