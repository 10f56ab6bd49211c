package io.paybus.ingest.tools;

import io.paybus.events.PaymentEnvelope;
import io.paybus.ingest.paypal.CertificateFetcher;
import io.paybus.ingest.paypal.LocalCertificateDirectory;
import io.paybus.ingest.paypal.PaypalCertificateSource;
import io.paybus.ingest.paypal.PaypalEventTranslator;
import io.paybus.ingest.paypal.PaypalSignatureVerifier;
import io.paybus.ingest.paypal.PaypalTransmission;
import io.paybus.ingest.stripe.StripeEventTranslator;
import io.paybus.ingest.stripe.StripeSignatureVerifier;
import io.paybus.ingest.webhook.Translation;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * For operators asking "why was this delivery rejected?": runs a delivery (headers and body from
 * files) through the same verification and translation as the service, and says which check
 * failed and why. Nothing is published; no secret or body is printed.
 *
 * <pre>
 * ./deploy/verify-delivery.sh --provider stripe --headers headers.txt --body body.json --secret whsec_…
 * ./deploy/verify-delivery.sh --provider paypal --headers headers.txt --body body.json --webhook-id WH-ID \
 *        [--cert-dir DIR | --fetch] [--at 2019-08-29T10:49:33Z]
 * </pre>
 * Headers are {@code Name: value} lines, as copied from a request log or PayPal's dashboard.
 * {@code --at} judges the delivery at another instant than now (for old deliveries); exit code 0
 * when the delivery would be accepted or acknowledged, 1 when it would be refused, 2 for usage.
 */
public final class VerifyCommand {

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Map<String, List<String>> options = new HashMap<>();
        boolean fetch = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--fetch")) {
                fetch = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
            } else {
                return usage(out, "unexpected " + args[i]);
            }
        }
        String provider = first(options, "provider");
        if (provider == null || first(options, "headers") == null || first(options, "body") == null) {
            return usage(out, "--provider, --headers and --body are required");
        }
        byte[] body;
        Map<String, String> headers;
        try {
            body = Files.readAllBytes(Path.of(first(options, "body")));
            headers = readHeaders(Path.of(first(options, "headers")));
        } catch (IOException e) {
            return usage(out, "cannot read " + e.getMessage());
        }
        boolean fetchFromPaypal = fetch;
        Instant at = first(options, "at") == null ? Instant.now() : Instant.parse(first(options, "at"));
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        Duration tolerance = Duration.ofSeconds(Long.parseLong(Optional.ofNullable(first(options, "tolerance"))
                .orElse("300")));
        out.printf("provider    %s%n", provider);
        out.printf("body        %d bytes%n", body.length);
        out.printf("judged at   %s (tolerance %d s)%n", at, tolerance.toSeconds());
        try {
            Translation translation = switch (provider.toLowerCase(Locale.ROOT)) {
                case "stripe" -> {
                    List<String> secrets = options.getOrDefault("secret", List.of());
                    if (secrets.isEmpty()) {
                        throw new IllegalArgumentException("--secret is required for Stripe (repeat it for several)");
                    }
                    String payload = StripeSignatureVerifier.of(secrets, tolerance, clock)
                            .verify(body, header(headers, "Stripe-Signature"));
                    out.printf("signature   OK: signed by one of %d secret(s), within the time window%n", secrets.size());
                    yield new StripeEventTranslator().translate(payload, at);
                }
                case "paypal" -> {
                    String webhookId = first(options, "webhook-id");
                    if (webhookId == null) {
                        throw new IllegalArgumentException("--webhook-id is required for PayPal");
                    }
                    PaypalCertificateSource certificates = new PaypalCertificateSource(
                            Optional.ofNullable(first(options, "cert-dir")).map(Path::of)
                                    .map(LocalCertificateDirectory::new),
                            fetchFromPaypal ? Optional.of(new CertificateFetcher(CertificateFetcher.https(Duration.ofSeconds(3)),
                                    16 * 1024)) : Optional.empty(), true);
                    new PaypalSignatureVerifier(webhookId, certificates, tolerance, clock).verify(body,
                            PaypalTransmission.of(header(headers, "PAYPAL-TRANSMISSION-ID"),
                                    header(headers, "PAYPAL-TRANSMISSION-TIME"), header(headers, "PAYPAL-TRANSMISSION-SIG"),
                                    header(headers, "PAYPAL-CERT-URL"), header(headers, "PAYPAL-AUTH-ALGO")));
                    out.printf("signature   OK: SHA256withRSA by %s, for webhook %s, within the time window%n",
                            header(headers, "PAYPAL-CERT-URL"), webhookId);
                    yield new PaypalEventTranslator().translate(body, new String(body, StandardCharsets.UTF_8), at);
                }
                default -> throw new IllegalArgumentException("--provider must be stripe or paypal");
            };
            if (translation.envelope().isEmpty()) {
                out.printf("event       %s: not a type Paybus acts on%n", translation.eventType());
                out.println("verdict     ACKNOWLEDGED (200 ignored, nothing published)");
                return 0;
            }
            PaymentEnvelope envelope = translation.envelope().get();
            out.printf("event       %s %s -> %s for order %s%n", translation.eventType(), envelope.providerEventId(),
                    envelope.type(), envelope.orderId());
            out.println("verdict     ACCEPTED (would be published; 200 once Kafka acknowledges)");
            return 0;
        } catch (WebhookRejectedException e) {
            out.printf("check       FAILED: %s%n", e.rejection().title());
            out.printf("why         %s%n", e.getMessage());
            out.printf("verdict     REJECTED (%d %s)%n", e.rejection().status(), e.rejection().code());
            return 1;
        } catch (IllegalArgumentException e) {
            return usage(out, e.getMessage());
        }
    }

    private static String header(Map<String, String> headers, String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> readHeaders(Path file) throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static String first(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int usage(PrintStream out, String problem) {
        out.println("verify: " + problem);
        out.println("usage: verify --provider stripe|paypal --headers FILE --body FILE"
                + " [--secret whsec_… ...] [--webhook-id ID] [--cert-dir DIR] [--fetch] [--at INSTANT] [--tolerance S]");
        return 2;
    }
}
