package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * The certificate for a delivery: the URL is checked against the allowlist first, then the local
 * directory is asked (air-gapped deployments), then PayPal (unless fetching is off).
 */
public final class PaypalCertificateSource implements PaypalCertificates {

    private final Optional<LocalCertificateDirectory> local;
    private final Optional<CertificateFetcher> fetcher;
    private final boolean sandbox;

    /** For PayPal's live API only: the sandbox's certificate host is refused. */
    public PaypalCertificateSource(Optional<LocalCertificateDirectory> local, Optional<CertificateFetcher> fetcher) {
        this(local, fetcher, false);
    }

    /** {@code sandbox}: also accept certificates of PayPal's sandbox (a sandbox deployment). */
    public PaypalCertificateSource(Optional<LocalCertificateDirectory> local, Optional<CertificateFetcher> fetcher,
            boolean sandbox) {
        this.local = local;
        this.fetcher = fetcher;
        this.sandbox = sandbox;
    }

    @Override
    public X509Certificate forUrl(String certUrl, Instant at) {
        URI uri = CertificateUrlPolicy.check(certUrl, sandbox);
        Optional<X509Certificate> pinned = local.flatMap(directory -> directory.find(uri, at));
        if (pinned.isPresent()) {
            return pinned.get();
        }
        return fetcher.map(f -> f.fetch(uri, at)).orElseThrow(() -> new WebhookRejectedException(
                Rejection.CERTIFICATE_UNAVAILABLE, "no local certificate " + CertificateUrlPolicy.certificateId(uri)
                        + " and fetching from PayPal is off"));
    }
}
