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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Fetches PayPal's signing certificate from {@code PAYPAL-CERT-URL}, safely: only URLs that
 * {@link CertificateUrlPolicy} allows (checked before any connection), no redirects, a short
 * timeout and a size cap. The chain it gets is validated (PKIX, against the JDK's trust anchors,
 * at the delivery's transmission time). Downloads are cached by URL: PayPal rotates certificates
 * rarely, and a cache keeps a burst of deliveries from becoming a burst of fetches. The cache holds
 * at most {@value #MAX_CACHED} URLs; a flood of distinct (allowlisted) URLs clears it rather than
 * growing it.
 *
 * <p>Forged deliveries choose the URL, so fetching is bounded: concurrent deliveries for one URL
 * wait for a single download (never inside a map's lock, so other URLs are not held up); at most
 * {@code maxConcurrent} downloads run at once, a delivery that cannot get one within the timeout
 * gets 503; and a failed download is remembered for {@code failureTtl}, so a burst naming a dead
 * URL costs one fetch, not one per delivery.
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

    private static final int MAX_CACHED = 64;
    static final int DEFAULT_MAX_CONCURRENT = 4;
    static final Duration DEFAULT_FAILURE_TTL = Duration.ofSeconds(30);
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    /** A download that failed, remembered until {@code until} (nanoTime). */
    private record Failure(Rejection rejection, String detail, long until) {
    }

    private final Transport transport;
    private final int maxBytes;
    private final Set<TrustAnchor> anchors;
    private final Semaphore downloads;
    private final long failureTtlNanos;
    private final Duration wait;
    private final Map<String, CompletableFuture<List<X509Certificate>>> cache = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    /** Trusting the JDK's certificate authorities, as for PayPal's real certificates. */
    public CertificateFetcher(Transport transport, int maxBytes) {
        this(transport, maxBytes, jdkTrustAnchors());
    }

    public CertificateFetcher(Transport transport, int maxBytes, Set<TrustAnchor> anchors) {
        this(transport, maxBytes, anchors, DEFAULT_MAX_CONCURRENT, DEFAULT_FAILURE_TTL, DEFAULT_WAIT);
    }

    /**
     * @param maxConcurrent downloads at once, across URLs
     * @param failureTtl    how long a failed download is answered from memory
     * @param wait          longest a delivery waits for a download slot or for another's download
     */
    public CertificateFetcher(Transport transport, int maxBytes, Set<TrustAnchor> anchors, int maxConcurrent,
            Duration failureTtl, Duration wait) {
        this.transport = transport;
        this.maxBytes = maxBytes;
        this.anchors = Set.copyOf(anchors);
        this.downloads = new Semaphore(maxConcurrent);
        this.failureTtlNanos = failureTtl.toNanos();
        this.wait = wait;
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
        List<X509Certificate> chain = chainOf(certUrl);
        X509Certificate leaf = chain.get(0);
        CertificateChecks.requireUsable(leaf, at);
        validateChain(chain, at);
        return leaf;
    }

    private List<X509Certificate> chainOf(URI certUrl) {
        String key = certUrl.toString();
        Failure failed = failures.get(key);
        if (failed != null) {
            if (System.nanoTime() - failed.until() < 0) {
                throw new WebhookRejectedException(failed.rejection(), failed.detail() + " (remembered)");
            }
            failures.remove(key, failed);
        }
        CompletableFuture<List<X509Certificate>> mine = new CompletableFuture<>();
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        CompletableFuture<List<X509Certificate>> existing = cache.putIfAbsent(key, mine);
        if (existing != null) {
            return await(existing, certUrl);
        }
        try {
            List<X509Certificate> chain = downloadBounded(certUrl);
            mine.complete(chain);
            return chain;
        } catch (WebhookRejectedException e) {
            cache.remove(key, mine);
            if (failures.size() >= MAX_CACHED) {
                failures.clear();
            }
            failures.put(key, new Failure(e.rejection(), e.getMessage(), System.nanoTime() + failureTtlNanos));
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            cache.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private List<X509Certificate> await(CompletableFuture<List<X509Certificate>> download, URI certUrl) {
        try {
            return download.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebhookRejectedException rejected) {
                throw new WebhookRejectedException(rejected.rejection(), rejected.getMessage());
            }
            throw new WebhookRejectedException(Rejection.CERTIFICATE_UNAVAILABLE, "fetching " + certUrl + " failed");
        } catch (TimeoutException e) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_UNAVAILABLE,
                    "fetching " + certUrl + " takes longer than " + wait.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebhookRejectedException(Rejection.CERTIFICATE_UNAVAILABLE, "interrupted");
        }
    }

    private List<X509Certificate> downloadBounded(URI certUrl) {
        boolean slot;
        try {
            slot = downloads.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            slot = false;
        }
        if (!slot) {
            throw new WebhookRejectedException(Rejection.CERTIFICATE_UNAVAILABLE,
                    "too many certificate downloads in flight; retry later");
        }
        try {
            return download(certUrl);
        } finally {
            downloads.release();
        }
    }

    private List<X509Certificate> download(URI certUrl) {
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
