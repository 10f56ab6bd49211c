package io.paybus.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.net.ApiResource;
import io.paybus.ingest.reconcile.ProviderUnavailableException;
import io.paybus.platform.provider.RetryAfterRecordingClient;
import io.paybus.platform.provider.TokenBucket;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Stripe account's API as reconciliation calls it, through stripe-java: every call takes a
 * token of the account's {@link TokenBucket}; a 429 pauses the bucket for its {@code Retry-After}
 * and the call is made again (up to {@value #RATE_LIMIT_RETRIES} times); any other failure is a
 * {@link ProviderUnavailableException} (the run pauses and is tried again).
 */
public final class StripeApi {

    /** A call of the client. */
    @FunctionalInterface
    interface Call<T> {
        T on(StripeClient client) throws StripeException;
    }

    private static final Logger log = LoggerFactory.getLogger(StripeApi.class);
    private static final int RATE_LIMIT_RETRIES = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String account;
    private final StripeClient client;
    private final TokenBucket bucket;

    public StripeApi(String endpoint, String apiKey, String apiBase, Duration timeout, TokenBucket bucket) {
        this.account = "stripe:" + endpoint;
        this.client = StripeClient.builder()
                .setApiKey(apiKey)
                .setApiBase(apiBase)
                .setConnectTimeout((int) timeout.toMillis())
                .setReadTimeout((int) timeout.toMillis())
                .setMaxNetworkRetries(0) // the bucket decides when to call again
                .setHttpClient(new RetryAfterRecordingClient())
                .build();
        this.bucket = bucket;
    }

    /** {@code stripe:<endpoint>}: what runs and metrics name. */
    public String account() {
        return account;
    }

    /** {@code GET pathAndQuery}, its JSON as Stripe wrote it (read by field, whatever the API version). */
    JsonNode get(String what, String pathAndQuery) {
        String body = call(what, c -> c.rawRequest(ApiResource.RequestMethod.GET, pathAndQuery, null).body());
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderUnavailableException("Stripe's " + what + " answered no JSON", e);
        }
    }

    <T> T call(String what, Call<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                bucket.acquire();
                return call.on(client);
            } catch (RateLimitException limited) {
                Duration wait = RetryAfterRecordingClient.takeRetryAfter().orElse(Duration.ofSeconds(1));
                log.warn("Stripe rate-limited the {} of {} (429): pausing for {} ms", what, account, wait.toMillis());
                bucket.pause(wait);
                if (attempt >= RATE_LIMIT_RETRIES) {
                    throw new ProviderUnavailableException("Stripe kept answering 429", limited);
                }
            } catch (StripeException e) {
                throw new ProviderUnavailableException("Stripe's " + what + " failed (" + e.getStatusCode() + "): "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException("interrupted waiting for Stripe's rate limit", e);
            } finally {
                RetryAfterRecordingClient.takeRetryAfter();
            }
        }
    }
}
