package io.paybus.ingest.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.ingest.reconcile.ProviderEvents;
import io.paybus.ingest.reconcile.ProviderUnavailableException;
import io.paybus.platform.provider.TokenBucket;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PayPal account's event notifications ({@code GET /v1/notifications/webhooks-events} with
 * {@code start_time}/{@code end_time} and {@code page_size}; the next page is the answer's
 * {@code next} link), with an OAuth2 client-credentials token. Every call takes a token of the
 * account's {@link TokenBucket}; a 429 pauses it for its {@code Retry-After}. A next link that
 * leaves the configured API base is refused (nothing else is ever called).
 */
public final class PaypalEventsApi implements ProviderEvents {

    private static final Logger log = LoggerFactory.getLogger(PaypalEventsApi.class);
    private static final int RATE_LIMIT_RETRIES = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String account;
    private final String clientId;
    private final String clientSecret;
    private final String apiBase;
    private final Duration timeout;
    private final TokenBucket bucket;
    private final Clock clock;
    private final HttpClient http;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    public PaypalEventsApi(String endpoint, String clientId, String clientSecret, String apiBase, Duration timeout,
            TokenBucket bucket, Clock clock) {
        this.account = "paypal:" + endpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
        this.timeout = timeout;
        this.bucket = bucket;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public String provider() {
        return "paypal";
    }

    @Override
    public Page list(Instant from, Instant to, String cursor, int limit) {
        String url = cursor != null ? cursor : apiBase + "/v1/notifications/webhooks-events?page_size="
                + Math.min(Math.max(limit, 1), 100) + "&start_time=" + encode(from.toString()) + "&end_time="
                + encode(to.toString());
        if (!url.startsWith(apiBase + "/")) {
            throw new ProviderUnavailableException("PayPal's next link leaves " + apiBase + ": refused", null);
        }
        JsonNode answer = get(url);
        List<Listed> events = new ArrayList<>();
        for (JsonNode event : answer.path("events")) {
            events.add(new Listed(event.path("id").asText(), created(event), event.toString()));
        }
        String next = null;
        for (JsonNode link : answer.path("links")) {
            if ("next".equals(link.path("rel").asText()) && !events.isEmpty()) {
                next = link.path("href").asText(null);
            }
        }
        return new Page(events, next);
    }

    private JsonNode get(String url) {
        for (int attempt = 0; ; attempt++) {
            try {
                bucket.acquire();
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                        .header("Authorization", "Bearer " + token()).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 429 && attempt < RATE_LIMIT_RETRIES) {
                    Duration wait = response.headers().firstValue("Retry-After").map(PaypalEventsApi::seconds)
                            .orElse(Duration.ofSeconds(1));
                    log.warn("PayPal rate-limited the events list of {} (429): pausing for {} ms", account,
                            wait.toMillis());
                    bucket.pause(wait);
                    continue;
                }
                if (response.statusCode() == 401) {
                    token = null;
                }
                if (response.statusCode() / 100 != 2) {
                    throw new ProviderUnavailableException("PayPal's events list failed (" + response.statusCode()
                            + ")", null);
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new ProviderUnavailableException("no answer from PayPal's events list: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException("interrupted waiting for PayPal", e);
            }
        }
    }

    private synchronized String token() throws IOException, InterruptedException {
        if (token != null && clock.instant().isBefore(tokenExpires)) {
            return token;
        }
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(apiBase + "/v1/oauth2/token"))
                .timeout(timeout).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new ProviderUnavailableException("PayPal refused the token (" + response.statusCode() + ")", null);
        }
        JsonNode answer = JSON.readTree(response.body());
        token = answer.path("access_token").asText();
        tokenExpires = clock.instant().plusSeconds(Math.max(0, answer.path("expires_in").asLong(0) - 60));
        return token;
    }

    private static Instant created(JsonNode event) {
        try {
            return Instant.parse(event.path("create_time").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
