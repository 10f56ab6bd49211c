package io.paybus.ingest.paypal;

import static io.paybus.ingest.paypal.PaypalSignatureVerifierTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.paybus.ingest.webhook.Rejection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fetching PayPal's certificate cannot be turned against us: every URL outside the allowlist is
 * refused before any connection, redirects are not followed, answers are capped, chains are
 * validated. The transport here records what would have been fetched.
 */
class CertificateFetcherTest {

    private final List<URI> requested = new ArrayList<>();

    private CertificateFetcher.Transport answering(int status, byte[] body) {
        return (uri, max) -> {
            requested.add(uri);
            return new CertificateFetcher.Fetched(status, body, false);
        };
    }

    private PaypalCertificateSource fetching(CertificateFetcher.Transport transport) {
        return new PaypalCertificateSource(Optional.empty(), Optional.of(new CertificateFetcher(transport, 16 * 1024)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://api.paypal.com/v1/notifications/certs/CERT-1",
            "https://169.254.169.254/v1/notifications/certs/CERT-1",
            "https://169.254.169.254/latest/meta-data/",
            "https://api.paypal.com.evil.com/v1/notifications/certs/CERT-1",
            "https://evil.com/api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com:8443/v1/notifications/certs/CERT-1",
            "https://user@api.paypal.com/v1/notifications/certs/CERT-1",
            "https://api.paypal.com/v1/notifications/certs/../../../admin",
            "https://api.paypal.com/v1/notifications/certs/CERT-1?x=1",
            "https://api.paypal.com/v1/other/CERT-1",
            "file:///etc/passwd",
            "https://localhost/v1/notifications/certs/CERT-1",
            "not a url"})
    void refusesEveryUrlOutsideTheAllowlistWithoutConnecting(String url) {
        PaypalCertificateSource source = fetching(answering(200, PaypalSample.certificatePem()));

        assertRejected(() -> source.forUrl(url, PaypalSample.SENT_AT), Rejection.CERTIFICATE_URL_REFUSED);
        assertThat(requested).isEmpty();
    }

    @Test
    void doesNotFollowARedirect() {
        PaypalCertificateSource source = fetching(answering(302, new byte[0]));

        assertRejected(() -> source.forUrl(PaypalSample.transmission().certUrl(), PaypalSample.SENT_AT),
                Rejection.CERTIFICATE_URL_REFUSED);
        assertThat(requested).hasSize(1);
    }

    @Test
    void refusesAnOversizedAnswerAndReportsFailuresAsUnavailable() {
        PaypalCertificateSource oversized = fetching((uri, max) -> new CertificateFetcher.Fetched(200, new byte[max], true));
        assertRejected(() -> oversized.forUrl(PaypalSample.transmission().certUrl(), PaypalSample.SENT_AT),
                Rejection.CERTIFICATE_INVALID);

        PaypalCertificateSource timingOut = fetching((uri, max) -> {
            throw new SocketTimeoutException("read timed out");
        });
        assertRejected(() -> timingOut.forUrl(PaypalSample.transmission().certUrl(), PaypalSample.SENT_AT),
                Rejection.CERTIFICATE_UNAVAILABLE);
        assertRejected(() -> fetching(answering(500, new byte[0]))
                .forUrl(PaypalSample.transmission().certUrl(), PaypalSample.SENT_AT), Rejection.CERTIFICATE_UNAVAILABLE);
    }

    @Test
    void validatesTheChainAndCachesTheDownloadByUrl() {
        // The sample is PayPal's leaf alone, without DigiCert's intermediate: PKIX cannot build a
        // path to a JDK trust anchor, so a fetched copy of it is not trusted (pinning it locally is
        // how to trust it offline).
        PaypalCertificateSource source = fetching(answering(200, PaypalSample.certificatePem()));
        String url = PaypalSample.transmission().certUrl();

        assertRejected(() -> source.forUrl(url, PaypalSample.SENT_AT), Rejection.CERTIFICATE_INVALID);
        assertRejected(() -> source.forUrl(url, PaypalSample.SENT_AT), Rejection.CERTIFICATE_INVALID);
        assertThat(requested).hasSize(1);
    }
}
