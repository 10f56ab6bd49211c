package io.paybus.ingest;

import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** Posts webhooks to a running ingest service the way a provider does. */
public final class WebhookClient {

    public static final String SECRET = "whsec_test_secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public WebhookClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> postStripe(String body) {
        return postStripe(body, StripeSamples.sign(body, SECRET, Instant.now().getEpochSecond()));
    }

    public HttpResponse<String> postStripe(String body, String signature) {
        return postStripe("/webhooks/stripe", body, signature);
    }

    public HttpResponse<String> postStripe(String path, String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return send(request.build());
    }

    public HttpResponse<String> postPaypal(byte[] body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/paypal"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    /** Asserts an RFC 9457 problem+json answer with our stable {@code code} (parsed, see test-support). */
    public static void assertProblem(HttpResponse<String> response, int status, String code) {
        io.paybus.testsupport.Problems.assertProblem(response, status, code);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
