package io.paybus.ingest.paypal;

import static io.paybus.ingest.paypal.PaypalSignatureVerifierTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.ingest.webhook.Rejection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fetched certificate is trusted only through a valid chain to a trust anchor, judged at the
 * delivery's transmission time. The chain here is made by keytool: a CA, and PayPal's signer name
 * issued by it.
 */
class CertificateChainTest {

    private static final String URL = "https://api.paypal.com/v1/notifications/certs/CERT-chain-test";

    @TempDir
    static Path dir;

    private static X509Certificate ca;
    private static byte[] leafAndCaPem;
    private static byte[] otherCaLeafPem;

    @BeforeAll
    static void makeChains() throws Exception {
        Path store = dir.resolve("chain.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Paybus Test CA",
                "-ext", "bc:c", "-validity", "3650", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit");
        keytool("-genkeypair", "-alias", "leaf", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=messageverificationcerts.paypal.com", "-validity", "30", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit");
        byte[] request = keytool("-certreq", "-alias", "leaf", "-keystore", store.toString(), "-storepass", "changeit");
        byte[] leaf = keytoolWithInput(request, "-gencert", "-alias", "ca", "-rfc", "-validity", "30",
                "-keystore", store.toString(), "-storepass", "changeit");
        byte[] caPem = keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store.toString(),
                "-storepass", "changeit");
        ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem));
        leafAndCaPem = (new String(leaf, StandardCharsets.US_ASCII) + new String(caPem, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        // The leaf's self-signed original: the same name, but no CA vouches for it.
        otherCaLeafPem = keytool("-exportcert", "-rfc", "-alias", "leaf", "-keystore", store.toString(),
                "-storepass", "changeit");
    }

    @Test
    void aLeafIssuedByATrustedCaIsAcceptedWithinItsValidity() {
        PaypalCertificateSource source = fetching(leafAndCaPem);

        X509Certificate leaf = source.forUrl(URL, Instant.now());

        assertThat(leaf.getSubjectX500Principal().getName()).contains("messageverificationcerts.paypal.com");
    }

    @Test
    void theSameChainJudgedAfterItExpiredIsRefused() {
        assertRejected(() -> fetching(leafAndCaPem).forUrl(URL, Instant.now().plusSeconds(40L * 24 * 3600)),
                Rejection.CERTIFICATE_INVALID);
    }

    @Test
    void aCertificateNoTrustedCaIssuedIsRefused() {
        assertRejected(() -> fetching(otherCaLeafPem).forUrl(URL, Instant.now()), Rejection.CERTIFICATE_INVALID);
    }

    private static PaypalCertificateSource fetching(byte[] pem) {
        return new PaypalCertificateSource(Optional.empty(), Optional.of(new CertificateFetcher(
                (uri, max) -> new CertificateFetcher.Fetched(200, pem, false), 16 * 1024,
                Set.of(new TrustAnchor(ca, null)))), true);
    }

    private static byte[] keytool(String... args) throws IOException, InterruptedException {
        return keytoolWithInput(null, args);
    }

    private static byte[] keytoolWithInput(byte[] input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (input != null) {
            process.getOutputStream().write(input);
        }
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed");
        }
        return out.toByteArray();
    }

}
