package io.paybus.ingest.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paybus.ingest.reconcile.ProviderUnavailableException;
import io.paybus.platform.provider.TokenBucket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PayPal account's REST API as reconciliation calls it: an OAuth2 client-credentials token,
 * renewed before it expires or when refused; every call takes a token of the account's
 * {@link TokenBucket}, a 429 pauses it for its {@code Retry-After}. Only URLs under the configured
 * API base are ever called (a next link that leaves it is refused).
 */
public final class PaypalApi {

    private static final Logger log = LoggerFactory.getLogger(PaypalApi.class);
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

    public PaypalApi(String endpoint, String clientId, String clientSecret, String apiBase, Duration timeout,
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

    /** {@code paypal:<endpoint>}: what runs and metrics name. */
    public String account() {
        return account;
    }

    /** {@code GET url} (a path under the API base, or a full URL there) as JSON; {@code what} names it in errors. */
    JsonNode get(String what, String url) {
        String full = url.startsWith("/") ? apiBase + url : url;
        if (!full.startsWith(apiBase + "/")) {
            throw new ProviderUnavailableException("PayPal's link leaves " + apiBase + ": refused", null);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                bucket.acquire();
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(full)).timeout(timeout)
                        .header("Authorization", "Bearer " + token()).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() == 429 && attempt < RATE_LIMIT_RETRIES) {
                    Duration wait = response.headers().firstValue("Retry-After").map(PaypalApi::seconds)
                            .orElse(Duration.ofSeconds(1));
                    log.warn("PayPal rate-limited the {} of {} (429): pausing for {} ms", what, account,
                            wait.toMillis());
                    bucket.pause(wait);
                    continue;
                }
                if (response.statusCode() == 401) {
                    token = null;
                }
                if (response.statusCode() / 100 != 2) {
                    throw new ProviderUnavailableException("PayPal's " + what + " failed (" + response.statusCode()
                            + ")", null);
                }
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new ProviderUnavailableException("no answer from PayPal's " + what + ": " + e.getMessage(), e);
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

    private static Duration seconds(String value) {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
