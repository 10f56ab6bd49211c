package io.paybus.deploy;

import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/** What the end-to-end tests send a running stack: signed Stripe webhooks, and API calls with its keys. */
final class StackCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Stack stack;

    StackCalls(Stack stack) {
        this.stack = stack;
    }

    HttpResponse<String> postStripe(String body) {
        return send(HttpRequest.newBuilder(URI.create(stack.config().ingestUrl() + "/webhooks/stripe"))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSamples.sign(body, stack.credentials().stripeWebhookSecret(), now()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** GET with the merchant's key. */
    HttpResponse<String> get(String service, String path) {
        return send(HttpRequest.newBuilder(URI.create(service + path))
                .header("Authorization", "Bearer " + stack.credentials().merchantKey()).GET().build());
    }

    /** POST JSON with the merchant's key. */
    HttpResponse<String> post(String service, String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(service + path))
                .header("Authorization", "Bearer " + stack.credentials().merchantKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }
}
