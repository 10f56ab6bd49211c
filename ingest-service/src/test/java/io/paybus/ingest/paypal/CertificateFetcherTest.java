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
        return new PaypalCertificateSource(Optional.empty(), Optional.of(new CertificateFetcher(transport, 16 * 1024)),
                true);
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

    @Test
    void theSandboxHostIsRefusedUnlessASandboxEndpointIsConfigured() {
        String sandboxUrl = PaypalSample.transmission().certUrl();
        assertThat(sandboxUrl).contains("api.sandbox.paypal.com");
        PaypalCertificateSource live = new PaypalCertificateSource(Optional.empty(),
                Optional.of(new CertificateFetcher(answering(200, PaypalSample.certificatePem()), 16 * 1024)), false);

        assertRejected(() -> live.forUrl(sandboxUrl, PaypalSample.SENT_AT), Rejection.CERTIFICATE_URL_REFUSED);
        assertThat(requested).isEmpty();
    }

    @Test
    void aFailedDownloadIsRememberedBrieflyInsteadOfRetriedPerDelivery() {
        PaypalCertificateSource failing = fetching((uri, max) -> {
            requested.add(uri);
            throw new SocketTimeoutException("connect timed out");
        });
        String url = PaypalSample.transmission().certUrl();
        for (int i = 0; i < 20; i++) {
            assertRejected(() -> failing.forUrl(url, PaypalSample.SENT_AT), Rejection.CERTIFICATE_UNAVAILABLE);
        }
        assertThat(requested).as("one fetch for twenty deliveries").hasSize(1);
    }

    @Test
    void concurrentDeliveriesShareOneDownloadAndASlowUrlHoldsUpNoOther() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger slowFetches = new java.util.concurrent.atomic.AtomicInteger();
        String slow = "https://api.paypal.com/v1/notifications/certs/CERT-slow";
        String fast = "https://api.paypal.com/v1/notifications/certs/CERT-fast";
        CertificateFetcher fetcher = new CertificateFetcher((uri, max) -> {
            if (uri.toString().equals(slow)) {
                slowFetches.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new CertificateFetcher.Fetched(500, new byte[0], false);
        }, 16 * 1024, java.util.Set.of(), 4, java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(10));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> waiting = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                waiting.add(pool.submit(() -> fetcher.fetch(URI.create(slow), PaypalSample.SENT_AT)));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> slowFetches.get() == 1);
            long began = System.nanoTime();
            assertRejected(() -> fetcher.fetch(URI.create(fast), PaypalSample.SENT_AT),
                    Rejection.CERTIFICATE_UNAVAILABLE);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - began))
                    .isLessThan(java.time.Duration.ofSeconds(2));
            release.countDown();
            for (var future : waiting) {
                try {
                    future.get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException expected) {
                    assertThat(expected.getCause()).isInstanceOf(io.paybus.ingest.webhook.WebhookRejectedException.class);
                }
            }
            assertThat(slowFetches.get()).as("one download for eight deliveries").isEqualTo(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void atMostSoManyDownloadsRunAtOnce() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        CertificateFetcher fetcher = new CertificateFetcher((uri, max) -> {
            running.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CertificateFetcher.Fetched(500, new byte[0], false);
        }, 16 * 1024, java.util.Set.of(), 2, java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(300));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                String url = "https://api.paypal.com/v1/notifications/certs/CERT-busy-" + i;
                pool.submit(() -> fetcher.fetch(URI.create(url), PaypalSample.SENT_AT));
            }
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> running.get() == 2);
            assertRejected(() -> fetcher.fetch(URI.create("https://api.paypal.com/v1/notifications/certs/CERT-third"),
                    PaypalSample.SENT_AT), Rejection.CERTIFICATE_UNAVAILABLE);
            assertThat(running.get()).isEqualTo(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
