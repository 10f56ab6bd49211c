package io.paybus.ingest.paypal;

import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real signed PayPal sandbox delivery in provider-samples/paypal, read as it is. */
final class PaypalSample {

    static final String WEBHOOK_ID = "0FV983392A0531201";
    static final Instant SENT_AT = Instant.parse("2019-08-29T10:49:33Z");
    static final String CERT_ID = "CERT-360caa42-fca2a594-1d93a270";

    private PaypalSample() {
    }

    static Path directory() {
        return StripeSamples.defaultLocation().resolve("paypal");
    }

    static byte[] body() {
        return read("webhook-body.json");
    }

    static byte[] certificatePem() {
        return read("sandbox-cert.pem");
    }

    /** Header name to value, in file order. */
    static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : new String(read("webhook-headers.txt")).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    static PaypalTransmission transmission() {
        Map<String, String> h = headers();
        return PaypalTransmission.of(h.get("PAYPAL-TRANSMISSION-ID"), h.get("PAYPAL-TRANSMISSION-TIME"),
                h.get("PAYPAL-TRANSMISSION-SIG"), h.get("PAYPAL-CERT-URL"), h.get("PAYPAL-AUTH-ALGO"));
    }

    /** A directory holding the sample certificate under its id, as an operator would pin it. */
    static Path pinnedCertificateDirectory(Path parent) {
        try {
            Path dir = Files.createDirectories(parent.resolve("paypal-certs"));
            Files.write(dir.resolve(CERT_ID + ".pem"), certificatePem());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String file) {
        try {
            return Files.readAllBytes(directory().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
