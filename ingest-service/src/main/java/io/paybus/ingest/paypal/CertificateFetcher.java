package io.paybus.ingest.paypal;

import io.paybus.ingest.webhook.Rejection;
import io.paybus.ingest.webhook.WebhookRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Fetches PayPal's signing certificate from {@code PAYPAL-CERT-URL}, safely: only URLs that
 * {@link CertificateUrlPolicy} allows (checked before any connection), no redirects, a short
 * timeout and a size cap. The chain it gets is validated (PKIX, against the JDK's trust anchors,
 * at the delivery's transmission time). Downloads are cached by URL: PayPal rotates certificates
 * rarely, and a cache keeps a burst of deliveries from becoming a burst of fetches. A failed
 * download is not cached. The cache holds at most {@value #MAX_CACHED} URLs; a flood of distinct
 * (allowlisted) URLs clears it rather than growing it.
 */
public final class CertificateFetcher {

    /** How the bytes are fetched; the real one is {@link #https(Duration)}. */
    @FunctionalInterface
    public interface Transport {
        Fetched get(URI uri, int maxBytes) throws IOException;
    }

    /** An answer: its status, and its body up to the cap ({@code truncated} when cut). */
    public record Fetched(int status, byte[] body, boolean truncated) {
    }

    private final Transport transport;
    private final int maxBytes;
    private final Set<TrustAnchor> anchors;
    private static final int MAX_CACHED = 64;
    private final Map<String, List<X509Certificate>> cache = new ConcurrentHashMap<>();

    /** Trusting the JDK's certificate authorities, as for PayPal's real certificates. */
    public CertificateFetcher(Transport transport, int maxBytes) {
        this(transport, maxBytes, jdkTrustAnchors());
    }

    public CertificateFetcher(Transport transport, int maxBytes, Set<TrustAnchor> anchors) {
        this.transport = transport;
        this.maxBytes = maxBytes;
        this.anchors = Set.copyOf(anchors);
    }

    /** Java's HTTP client over TLS: redirects never followed, {@code timeout} to connect and to answer. */
    public static Transport https(Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
        return (uri, maxBytes) -> {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            try {
                HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    byte[] body = in.readNBytes(maxBytes + 1);
                    boolean truncated = body.length > maxBytes;
                    return new Fetched(response.statusCode(),
                            truncated ? java.util.Arrays.copyOf(body, maxBytes) : body, truncated);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        };
    }

    public X509Certificate fetch(URI certUrl, Instant at) {
        // Cached as downloaded; judged anew for every delivery, at its own transmission time.
        List<X509Certificate> chain = cache.computeIfAbsent(certUrl.toString(), url -> download(certUrl));
        X509Certificate leaf = chain.get(0);
        CertificateChecks.requireUsable(leaf, at);
        validateChain(chain, at);
        return leaf;
    }

    private List<X509Certificate> download(URI certUrl) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        Fetched fetched;
        try {
            fetched = transport.get(certUrl, maxBytes);
        } catch (IOException e) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_UNAVAILABLE,
                    "fetching " + certUrl + " failed: " + e.getClass().getSimpleName());
        }
        if (fetched.status() >= 300 && fetched.status() < 400) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_URL_REFUSED,
                    certUrl + " answered a redirect (" + fetched.status() + "); redirects are not followed");
        }
        if (fetched.status() != 200) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_UNAVAILABLE,
                    certUrl + " answered " + fetched.status());
        }
        if (fetched.truncated()) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_INVALID,
                    certUrl + " sent more than " + maxBytes + " bytes");
        }
        return CertificateChecks.parse(fetched.body(), certUrl.toString());
    }

    private void validateChain(List<X509Certificate> chain, Instant at) {
        try {
            CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setDate(Date.from(at));
            // PayPal's signing certificates are short-lived and fetched from PayPal itself over TLS;
            // revocation lists would need network access most deployments do not give us.
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(path, parameters);
        } catch (GeneralSecurityException e) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_INVALID,
                    "certificate chain not trusted: " + e.getMessage());
        }
    }

    private static Set<TrustAnchor> jdkTrustAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<TrustAnchor> anchors = new HashSet<>();
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        anchors.add(new TrustAnchor(ca, null));
                    }
                }
            }
            return anchors;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no JDK trust store", e);
        }
    }
}
