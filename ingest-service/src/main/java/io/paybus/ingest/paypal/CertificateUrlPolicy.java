package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which {@code PAYPAL-CERT-URL}s Paybus will ever fetch: https on port 443 of exactly
 * {@code api.paypal.com} (or {@code api.sandbox.paypal.com} for a sandbox deployment), under {@code /v1/notifications/certs/},
 * no user info, no query. The header is attacker-controlled until the signature is verified, so
 * this check runs before any connection: anything else would let a forged delivery make us call
 * an internal address (SSRF).
 */
final class CertificateUrlPolicy {

    private static final String LIVE = "api.paypal.com";
    private static final String SANDBOX = "api.sandbox.paypal.com";
    private static final String PATH_PREFIX = "/v1/notifications/certs/";

    private CertificateUrlPolicy() {
    }

    /** The URL, if Paybus may fetch it; the sandbox host only where a sandbox endpoint is configured. */
    static URI check(String certUrl, boolean sandbox) {
        URI uri;
        try {
            uri = new URI(certUrl);
        } catch (URISyntaxException e) {
            throw refused(certUrl, "not a URL");
        }
        if (!"https".equals(uri.getScheme())) {
            throw refused(certUrl, "scheme must be https");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw refused(certUrl, "no user info, query or fragment allowed");
        }
        if (uri.getHost() == null || !(uri.getHost().equals(LIVE) || (sandbox && uri.getHost().equals(SANDBOX)))) {
            throw refused(certUrl, sandbox ? "host must be api.paypal.com or api.sandbox.paypal.com"
                    : "host must be api.paypal.com (the sandbox host only with paybus.ingest.paypal.sandbox=true)");
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            throw refused(certUrl, "port must be 443");
        }
        String path = uri.getRawPath();
        if (path == null || !path.startsWith(PATH_PREFIX) || path.length() == PATH_PREFIX.length()
                || path.substring(PATH_PREFIX.length()).contains("/") || path.contains("..") || path.contains("%")) {
            throw refused(certUrl, "path must be " + PATH_PREFIX + "<certificate id>");
        }
        return uri;
    }

    /** The certificate id: the last path segment, e.g. {@code CERT-360caa42-fca2a594-1d93a270}. */
    static String certificateId(URI uri) {
        return uri.getRawPath().substring(PATH_PREFIX.length());
    }

    private static WebhookRejectedException refused(String url, String why) {
        String shown = url.length() > 120 ? url.substring(0, 120) + "…" : url;
        return new WebhookRejectedException(Rejection.CERTIFICATE_URL_REFUSED, "PAYPAL-CERT-URL " + shown + ": " + why);
    }
}
