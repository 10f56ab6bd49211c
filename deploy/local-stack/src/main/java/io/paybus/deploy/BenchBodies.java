package io.paybus.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.infra.samples.StripeSamples;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the ingest bench's load: COUNT signed Stripe {@code payment_intent.succeeded} deliveries
 * built from Stripe's fixture, compact JSON of about 1.6 kB like the peer bench's, each with its
 * own {@code evt_}, {@code pi_} and order id {@code ord_<label><run><n>}, signed now (within
 * Stripe's 5-minute tolerance for the next run). One line each, {@code <Stripe-Signature>\t<body>},
 * for {@code deploy/bench/webhooks.lua}.
 *
 * <pre>java -cp paybus-local-stack.jar io.paybus.deploy.BenchBodies SECRET COUNT LABEL FILE</pre>
 */
public final class BenchBodies {

    private BenchBodies() {
    }

    public static void main(String[] args) throws IOException {
        String secret = args[0];
        int count = Integer.parseInt(args[1]);
        String label = args[2].replaceAll("[^A-Za-z0-9]", "");
        Path file = Path.of(args[3]);
        long now = Instant.now().getEpochSecond();
        String template = new ObjectMapper().readTree(StripeSamples.load().paymentIntentSucceeded(
                "evt_BENCHID", "ord_BENCHID", "pi_BENCHID", 2000, "usd", now)).toString();
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                String body = template.replace("BENCHID", label + run + String.format("%08d", i));
                out.write(StripeSamples.sign(body, secret, now));
                out.write('\t');
                out.write(body);
                out.write('\n');
            }
        }
    }
}
