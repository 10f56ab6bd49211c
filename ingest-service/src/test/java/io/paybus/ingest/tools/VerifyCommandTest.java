package io.paybus.ingest.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.infra.samples.StripeSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @Test
    void explainsAcceptedAndRejectedStripeDeliveries() throws IOException {
        long t = Instant.now().getEpochSecond();
        String body = StripeSamples.load().paymentIntentSucceeded("evt_v1", "order-v", "pi_v", 500, "usd", t);
        Path bodyFile = Files.writeString(dir.resolve("body.json"), body);
        Path headers = Files.writeString(dir.resolve("headers.txt"),
                "Content-Type: application/json\nStripe-Signature: " + StripeSamples.sign(body, "whsec_a", t) + "\n");

        int accepted = run("--provider", "stripe", "--headers", headers.toString(), "--body", bodyFile.toString(),
                "--secret", "whsec_old", "--secret", "whsec_a");
        assertThat(accepted).isZero();
        assertThat(output()).contains("signature   OK").contains("payment.succeeded for order order-v")
                .contains("verdict     ACCEPTED").doesNotContain("whsec_a");

        printed.reset();
        int rejected = run("--provider", "stripe", "--headers", headers.toString(), "--body", bodyFile.toString(),
                "--secret", "whsec_other");
        assertThat(rejected).isEqualTo(1);
        assertThat(output()).contains("FAILED: Signature does not match").contains("REJECTED (400 signature_invalid)");
    }

    @Test
    void judgesTheRealPaypalDeliveryAtItsTransmissionTime() throws IOException {
        Path samples = StripeSamples.defaultLocation().resolve("paypal");
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Files.copy(samples.resolve("sandbox-cert.pem"), certs.resolve("CERT-360caa42-fca2a594-1d93a270.pem"));
        String[] common = {"--provider", "paypal", "--headers", samples.resolve("webhook-headers.txt").toString(),
                "--webhook-id", "0FV983392A0531201", "--cert-dir", certs.toString()};

        assertThat(run(concat(common, "--body", samples.resolve("webhook-body.json").toString(),
                "--at", "2019-08-29T10:49:40Z"))).isZero();
        assertThat(output()).contains("ACKNOWLEDGED").contains("PAYMENTS.PAYMENT.CREATED");

        printed.reset();
        assertThat(run(concat(common, "--body", samples.resolve("webhook-body.json").toString()))).isEqualTo(1);
        assertThat(output()).contains("REJECTED (400 timestamp_too_old)");

        printed.reset();
        byte[] tampered = Files.readAllBytes(samples.resolve("webhook-body.json"));
        tampered[100] ^= 1;
        Path tamperedFile = Files.write(dir.resolve("tampered.json"), tampered);
        assertThat(run(concat(common, "--body", tamperedFile.toString(), "--at", "2019-08-29T10:49:40Z"))).isEqualTo(1);
        assertThat(output()).contains("REJECTED (400 signature_invalid)");
    }

    @Test
    void saysHowToUseItWhenAskedWrong() {
        assertThat(run("--provider", "stripe")).isEqualTo(2);
        assertThat(output()).contains("usage: verify");
    }

    private int run(String... args) {
        return VerifyCommand.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
