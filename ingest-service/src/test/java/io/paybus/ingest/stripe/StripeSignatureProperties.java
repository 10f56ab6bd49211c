package io.paybus.ingest.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.infra.samples.StripeSamples;
import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever header and body arrive, the verifier answers with one of our rejections (or accepts a
 * genuine signature): never another exception, which the web layer would turn into a 500.
 */
class StripeSignatureProperties {

    private static final String SECRET = "whsec_property_secret";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private final StripeSignatureVerifier verifier = StripeSignatureVerifier.of(List.of(SECRET),
            Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

    @Property(tries = 3000)
    void anyHeaderAndBodyIsRefusedWithOurRejection(@ForAll String header, @ForAll byte[] body) {
        assertOnlyOurRejection(header, body);
    }

    @Property(tries = 3000)
    void headersShapedLikeStripesAreParsedOrRefusedWithOurRejection(@ForAll("stripeLike") String header,
            @ForAll("jsonish") String body) {
        assertOnlyOurRejection(header, body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void junkAroundAGenuineSignatureIsRefusedWithOurRejectionOrStillVerified(@ForAll("junk") String junk) {
        String body = "{\"id\":\"evt_1\"}";
        String signed = StripeSamples.sign(body, SECRET, NOW.getEpochSecond());
        try {
            verifier.verify(body.getBytes(StandardCharsets.UTF_8), signed + junk);
        } catch (WebhookRejectedException e) {
            assertThat(e.rejection()).isIn(Rejection.SIGNATURE_MALFORMED, Rejection.SIGNATURE_INVALID);
        }
    }

    private void assertOnlyOurRejection(String header, byte[] body) {
        try {
            verifier.verify(body, header);
        } catch (WebhookRejectedException e) {
            assertThat(e.rejection().status()).isBetween(400, 499);
        }
    }

    @Provide
    Arbitrary<String> stripeLike() {
        Arbitrary<String> name = Arbitraries.of("t", "v1", "v0", "T", " t", "t ", "", "v1 ", "x");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.strings().withCharRange('0', '9').ofMaxLength(25),
                Arbitraries.strings().withChars("0123456789abcdef").ofMaxLength(70),
                Arbitraries.strings().ofMaxLength(10),
                Arbitraries.of("abc", "", " 1", "1 ", "-1", "1e9", "99999999999999999999", "=", "=="));
        Arbitrary<String> item = Combinators.combine(name, Arbitraries.of("=", "", "==", " = "), value)
                .as((n, eq, v) -> n + eq + v);
        return item.list().ofMaxSize(8).flatMap(items -> Arbitraries.of(",", ", ", ",,", ";")
                .map(separator -> String.join(separator, items)));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.of("{}", "{\"id\":\"evt_1\"}", "[]", "null", ""));
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(20).map(s -> "," + s),
                Arbitraries.of(",t=1", ",t=" + NOW.getEpochSecond(), ", v1=00", ",", " ", ",,v1=ab"),
                Arbitraries.strings().ofLength(3000).map(s -> ",v0=" + s));
    }
}
