package io.paybus.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The configured API keys, known only by their SHA-256. A key is {@value #PREFIX} and 43 URL-safe
 * characters (256 random bits), so that secret scanners recognise a leaked one, as Stripe's
 * {@code sk_} keys.
 */
public final class ApiKeys {

    public static final String PREFIX = "pbk_";
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_KEY_LENGTH = 200;

    /** A key that authenticated: its id and scopes. */
    public record Key(String id, List<String> scopes) {
    }

    private final Map<String, PaybusSecurityProperties.ApiKey> byHash = new HashMap<>();
    private final Clock clock;

    public ApiKeys(List<PaybusSecurityProperties.ApiKey> keys, Clock clock) {
        this.clock = clock;
        for (int i = 0; i < keys.size(); i++) {
            PaybusSecurityProperties.ApiKey key = keys.get(i);
            String at = "paybus.security.api-keys[" + i + "]";
            if (key.id() == null || !ID.matcher(key.id()).matches()) {
                throw new InsecureConfigurationException(at + ".id must be 1-64 letters, digits, '.', '_' or '-'");
            }
            String hash = key.sha256() == null ? "" : key.sha256().toLowerCase(Locale.ROOT);
            if (!HASH.matcher(hash).matches()) {
                throw new InsecureConfigurationException(at + ".sha256 must be the 64 hex digits of the key's SHA-256"
                        + " (printf %s \"$KEY\" | sha256sum), never the key itself");
            }
            for (String scope : key.scopes()) {
                if (!Scopes.ALL.contains(scope)) {
                    throw new InsecureConfigurationException(at + ".scopes: unknown scope '" + scope + "'; known: "
                            + Scopes.ALL);
                }
            }
            if (byHash.put(hash, key) != null) {
                throw new InsecureConfigurationException(at + " repeats the hash of another key");
            }
        }
    }

    public boolean isEmpty() {
        return byHash.isEmpty();
    }

    /** The key {@code presented} is, if it is configured and still active. */
    public Optional<Key> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        PaybusSecurityProperties.ApiKey key = byHash.get(sha256(presented));
        if (key == null || (key.notAfter() != null && !clock.instant().isBefore(key.notAfter()))) {
            return Optional.empty();
        }
        return Optional.of(new Key(key.id(), List.copyOf(key.scopes())));
    }

    /** A new random key. */
    public static String generate() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The hex SHA-256 that configures {@code key}. */
    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
