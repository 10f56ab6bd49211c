package io.paybus.infra.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
 * Signs webhook deliveries the way PayPal does (SHA256withRSA over
 * {@code transmission_id|transmission_time|webhook_id|crc32(body)}), with a key pair and a
 * certificate for {@code messageverificationcerts.sandbox.paypal.com} that the JDK's keytool makes
 * (PayPal's own private key is, rightly, nowhere here). The certificate is written to
 * {@link #certificateDirectory()} under {@link #CERT_ID}, the form the ingest service's
 * {@code paybus.ingest.paypal.certificate-directory} pins; the key pair is kept in the directory it
 * was created in, so a restarted local stack signs with the same key.
 */
public final class PaypalSigner {

    public static final String CERT_ID = "CERT-paybus-local";
    public static final String CERT_URL = "https://api.sandbox.paypal.com/v1/notifications/certs/" + CERT_ID;
    private static final String KEYSTORE = "paypal-signing.p12";
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final PrivateKey key;
    private final Path certificateDirectory;

    private PaypalSigner(PrivateKey key, Path certificateDirectory) {
        this.key = key;
        this.certificateDirectory = certificateDirectory;
    }

    /** The signer whose key pair is in {@code directory}, made there first if there is none. */
    public static PaypalSigner loadOrCreate(Path directory) {
        try {
            Path keystore = directory.resolve(KEYSTORE);
            Path certificates = Files.createDirectories(directory.resolve("paypal-certs"));
            Path certificate = certificates.resolve(CERT_ID + ".pem");
            if (!Files.isRegularFile(keystore)) {
                keytool("-genkeypair", "-alias", "paypal", "-keyalg", "RSA", "-keysize", "2048", "-sigalg",
                        "SHA256withRSA", "-dname", "CN=messageverificationcerts.sandbox.paypal.com, O=Paybus local",
                        "-validity", "3650", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass",
                        new String(PASSWORD));
                Files.deleteIfExists(certificate);
            }
            if (!Files.isRegularFile(certificate)) {
                keytool("-exportcert", "-rfc", "-alias", "paypal", "-keystore", keystore.toString(), "-storepass",
                        new String(PASSWORD), "-file", certificate.toString());
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                store.load(in, PASSWORD);
            }
            return new PaypalSigner((PrivateKey) store.getKey("paypal", PASSWORD), certificates);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the PayPal signing key in " + directory, e);
        }
    }

    /** Where the certificate is, for {@code paybus.ingest.paypal.certificate-directory}. */
    public Path certificateDirectory() {
        return certificateDirectory;
    }

    /** The five PAYPAL-* headers for {@code body}, sent now to the endpoint {@code webhookId}. */
    public Map<String, String> headers(byte[] body, String webhookId) {
        return headers(body, webhookId, UUID.randomUUID().toString());
    }

    /**
     * The headers for {@code body} under a chosen transmission id: what an attacker who found a body
     * with the same CRC32 as a captured delivery would send (the signature stays valid).
     */
    public Map<String, String> headers(byte[] body, String webhookId, String transmissionId) {
        String time = Instant.now().toString();
        CRC32 crc = new CRC32();
        crc.update(body);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update((transmissionId + "|" + time + "|" + webhookId + "|" + crc.getValue())
                    .getBytes(StandardCharsets.UTF_8));
            return Map.of("PAYPAL-TRANSMISSION-ID", transmissionId, "PAYPAL-TRANSMISSION-TIME", time,
                    "PAYPAL-TRANSMISSION-SIG", Base64.getEncoder().encodeToString(signature.sign()),
                    "PAYPAL-CERT-URL", CERT_URL, "PAYPAL-AUTH-ALGO", "SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
