package io.paybus.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The local stack's secrets, made at random at its first start and kept in
 * {@code <data>/credentials/} (readable by the owner only): the Stripe webhook signing secret the
 * local ingest service trusts, and two API keys. The services are given only the keys' SHA-256,
 * as production configures them; the demo sender, the command-line tools and the README's curl
 * examples read the files.
 *
 * <ul>
 *   <li>{@code merchant.key}: what an application calling Paybus has ({@code orders:write},
 *       {@code refunds:write}, {@code orders:read}, {@code billing:write}, {@code billing:read});</li>
 *   <li>{@code operator.key}: what an operator has ({@code operator}, {@code billing:admin} and
 *       the read scopes).</li>
 * </ul>
 */
public final class LocalCredentials {

    static final String DIRECTORY = "credentials";
    static final String STRIPE_SECRET_FILE = "stripe-webhook-secret";
    static final String MERCHANT_FILE = "merchant.key";
    static final String OPERATOR_FILE = "operator.key";
    static final String NOTIFICATION_FILE = "notification.key";
    /** The notification service reads the receipts it attaches, nothing else. */
    static final List<String> NOTIFICATION_SCOPES = List.of("billing:read");
    static final List<String> MERCHANT_SCOPES = List.of("orders:write", "refunds:write", "orders:read",
            "billing:write", "billing:read");
    static final List<String> OPERATOR_SCOPES = List.of("operator", "billing:admin", "orders:read", "billing:read");

    private final Path directory;
    private final String stripeSecret;
    private final String merchantKey;
    private final String operatorKey;
    private final String notificationKey;
    private final boolean created;

    private LocalCredentials(Path directory, String stripeSecret, String merchantKey, String operatorKey,
            String notificationKey, boolean created) {
        this.notificationKey = notificationKey;
        this.directory = directory;
        this.stripeSecret = stripeSecret;
        this.merchantKey = merchantKey;
        this.operatorKey = operatorKey;
        this.created = created;
    }

    /** The credentials kept in {@code dataDirectory}, made now if they are not there yet. */
    public static LocalCredentials loadOrCreate(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().resolve(DIRECTORY);
        try {
            Files.createDirectories(directory);
            restrict(directory, "rwx------");
            boolean[] created = {false};
            String secret = readOrWrite(directory.resolve(STRIPE_SECRET_FILE), () -> "whsec_" + random(24), created);
            String merchant = readOrWrite(directory.resolve(MERCHANT_FILE), () -> "pbk_" + random(32), created);
            String operator = readOrWrite(directory.resolve(OPERATOR_FILE), () -> "pbk_" + random(32), created);
            String notification = readOrWrite(directory.resolve(NOTIFICATION_FILE), () -> "pbk_" + random(32), created);
            return new LocalCredentials(directory, secret, merchant, operator, notification, created[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local credentials in " + directory, e);
        }
    }

    /** The credentials of a running local stack (for the tools), or a message saying how to get them. */
    public static LocalCredentials existing(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().resolve(DIRECTORY);
        if (!Files.isRegularFile(directory.resolve(OPERATOR_FILE))) {
            throw new IllegalStateException("no local credentials in " + directory
                    + ": start the stack first (./deploy/run-local.sh), or set PAYBUS_API_KEY");
        }
        return loadOrCreate(dataDirectory);
    }

    public Path directory() {
        return directory;
    }

    /** Whether this start made them (a fresh data folder). */
    public boolean created() {
        return created;
    }

    /**
     * The key the provider stub signs PayPal's webhooks with; its certificate is pinned for the
     * ingest service in {@code credentials/paypal-certs} (made on the first start, kept after).
     */
    public io.paybus.infra.samples.PaypalSigner paypalSigner() {
        return io.paybus.infra.samples.PaypalSigner.loadOrCreate(directory);
    }

    public String stripeWebhookSecret() {
        return stripeSecret;
    }

    public String merchantKey() {
        return merchantKey;
    }

    public String operatorKey() {
        return operatorKey;
    }

    /** {@code --paybus.security.api-keys[…]} arguments: the keys' ids, hashes and scopes, never the keys. */
    public List<String> serviceArguments() {
        List<String> arguments = new ArrayList<>();
        int i = 0;
        for (var key : Map.of("local-merchant", Map.entry(merchantKey, MERCHANT_SCOPES),
                "local-operator", Map.entry(operatorKey, OPERATOR_SCOPES),
                "local-notification", Map.entry(notificationKey, NOTIFICATION_SCOPES)).entrySet()) {
            String at = "--paybus.security.api-keys[" + i++ + "].";
            arguments.add(at + "id=" + key.getKey());
            arguments.add(at + "sha256=" + sha256(key.getValue().getKey()));
            arguments.add(at + "scopes=" + String.join(",", key.getValue().getValue()));
        }
        return arguments;
    }

    /** What the ingest service reads from its environment: the signing secret (not in {@code ps}). */
    public Map<String, String> ingestEnvironment() {
        return Map.of("PAYBUS_INGEST_STRIPE_SECRETS_0", stripeSecret);
    }

    /** What the notification service reads from its environment: its key to read receipts. */
    public Map<String, String> notificationEnvironment() {
        return Map.of("PAYBUS_NOTIFICATION_RECEIPTSAPIKEY", notificationKey);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Maker {
        String make();
    }

    private static String readOrWrite(Path file, Maker maker, boolean[] created) throws IOException {
        if (Files.isRegularFile(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String value = maker.make();
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        restrict(file, "rw-------");
        created[0] = true;
        return value;
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException notPosix) {
            // Windows: the data folder's own permissions apply
        }
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
