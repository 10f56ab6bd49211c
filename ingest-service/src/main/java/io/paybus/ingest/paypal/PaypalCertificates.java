package io.paybus.ingest.paypal;

import java.security.cert.X509Certificate;
import java.time.Instant;

/** Where PayPal's signing certificate for a {@code PAYPAL-CERT-URL} comes from. */
public interface PaypalCertificates {

    /**
     * The certificate behind {@code certUrl}, trusted at {@code at}.
     *
     * @throws io.paybus.ingest.webhook.WebhookRejectedException {@code certificate_url_refused},
     *         {@code certificate_invalid} or {@code certificate_unavailable}
     */
    X509Certificate forUrl(String certUrl, Instant at);
}
