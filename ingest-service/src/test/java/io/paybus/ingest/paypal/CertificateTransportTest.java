package io.paybus.ingest.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real HTTP transport of the certificate fetcher against a local server: it gives up after
 * its timeout, stops reading at the size cap, and hands a redirect back instead of following it.
 * (The allowlist, tested elsewhere, is what keeps it from ever being pointed at such a server.)
 */
class CertificateTransportTest {

    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, 0);
            exchange.close();
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[100_000]);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void givesUpAfterItsTimeout() {
        CertificateFetcher.Transport transport = CertificateFetcher.https(Duration.ofMillis(300));
        long began = System.nanoTime();

        assertThatThrownBy(() -> transport.get(uri("/slow"), 16 * 1024)).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void stopsReadingAtTheSizeCap() throws IOException {
        CertificateFetcher.Fetched fetched = CertificateFetcher.https(Duration.ofSeconds(5)).get(uri("/big"), 16 * 1024);

        assertThat(fetched.truncated()).isTrue();
        assertThat(fetched.body()).hasSize(16 * 1024);
    }

    @Test
    void handsARedirectBackInsteadOfFollowingIt() throws IOException {
        CertificateFetcher.Fetched fetched = CertificateFetcher.https(Duration.ofSeconds(5)).get(uri("/moved"), 1024);

        assertThat(fetched.status()).isEqualTo(302);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
