package io.paybus.ingest.paypal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Signs deliveries the way PayPal does, with a key pair and a certificate for
 * {@code messageverificationcerts.sandbox.paypal.com} that the JDK's keytool makes for the test
 * (PayPal's own private key is, rightly, not in our samples). The certificate is pinned in a
 * local certificate directory under {@link #CERT_ID}.
 */
final class PaypalTestSigner {

    static final String CERT_ID = "CERT-paybus-test";
    static final String CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/" + CERT_ID;

    private final PrivateKey key;
    private final Path certificateDirectory;

    private PaypalTestSigner(PrivateKey key, Path certificateDirectory) {
        this.key = key;
        this.certificateDirectory = certificateDirectory;
    }

    static PaypalTestSigner create(Path directory) throws Exception {
        Path keystore = directory.resolve("paypal-test.p12");
        Path certificates = Files.createDirectories(directory.resolve("paypal-certs"));
        keytool("-genkeypair", "-alias", "paypal", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                "-dname", "CN=messageverificationcerts.sandbox.paypal.com, O=Paybus test", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "paypal", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificates.resolve(CERT_ID + ".pem").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        return new PaypalTestSigner((PrivateKey) store.getKey("paypal", "changeit".toCharArray()), certificates);
    }

    Path certificateDirectory() {
        return certificateDirectory;
    }

    /** The five PAYPAL-* headers for {@code body}, sent now to {@code webhookId}. */
    Map<String, String> headers(byte[] body, String webhookId) throws Exception {
        return headers(body, webhookId, UUID.randomUUID().toString());
    }

    /**
     * The headers for {@code body} under a chosen transmission id: what an attacker who found a body
     * with the same CRC32 as a captured delivery would send (the signature stays valid).
     */
    Map<String, String> headers(byte[] body, String webhookId, String id) throws Exception {
        String time = Instant.now().toString();
        CRC32 crc = new CRC32();
        crc.update(body);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update((id + "|" + time + "|" + webhookId + "|" + crc.getValue()).getBytes(StandardCharsets.UTF_8));
        return Map.of("PAYPAL-TRANSMISSION-ID", id, "PAYPAL-TRANSMISSION-TIME", time,
                "PAYPAL-TRANSMISSION-SIG", Base64.getEncoder().encodeToString(signature.sign()),
                "PAYPAL-CERT-URL", CERT_URL, "PAYPAL-AUTH-ALGO", "SHA256withRSA");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
