package io.paybus.ingest.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.StripeClient;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.StripeCollection;
import com.stripe.param.EventListParams;
import io.paybus.ingest.reconcile.ProviderEvents;
import io.paybus.ingest.reconcile.ProviderUnavailableException;
import io.paybus.platform.provider.RetryAfterRecordingClient;
import io.paybus.platform.provider.TokenBucket;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Stripe account's events ({@code GET /v1/events}, kept 30 days) through stripe-java, newest
 * first, with {@code created} bounds and {@code starting_after} paging. Every call takes a token of
 * the account's {@link TokenBucket}; a 429 pauses the bucket for its {@code Retry-After} and the call
 * is made again (up to {@value #RATE_LIMIT_RETRIES} times).
 */
public final class StripeEventsApi implements ProviderEvents {

    private static final Logger log = LoggerFactory.getLogger(StripeEventsApi.class);
    private static final int RATE_LIMIT_RETRIES = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String account;
    private final StripeClient client;
    private final TokenBucket bucket;

    public StripeEventsApi(String endpoint, String apiKey, String apiBase, Duration timeout, TokenBucket bucket) {
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

    @Override
    public String account() {
        return account;
    }

    @Override
    public String provider() {
        return "stripe";
    }

    @Override
    public Page list(Instant from, Instant to, String after, int limit) {
        // The cursor is the last event of the previous page: Stripe's starting_after.
        EventListParams.Builder params = EventListParams.builder()
                .setCreated(EventListParams.Created.builder().setGte(from.getEpochSecond())
                        .setLte(to.getEpochSecond()).build())
                .setLimit((long) Math.min(Math.max(limit, 1), 100));
        if (after != null) {
            params.setStartingAfter(after);
        }
        StripeCollection<Event> page = call(params.build());
        List<Listed> events = new ArrayList<>(page.getData().size());
        for (Event event : page.getData()) {
            String json = event.toJson();
            events.add(new Listed(event.getId(), Instant.ofEpochSecond(created(event, json)), json));
        }
        boolean more = Boolean.TRUE.equals(page.getHasMore()) && !events.isEmpty();
        return new Page(events, more ? events.get(events.size() - 1).id() : null);
    }

    private StripeCollection<Event> call(EventListParams params) {
        for (int attempt = 0; ; attempt++) {
            try {
                bucket.acquire();
                return client.v1().events().list(params);
            } catch (RateLimitException limited) {
                Duration wait = RetryAfterRecordingClient.takeRetryAfter().orElse(Duration.ofSeconds(1));
                log.warn("Stripe rate-limited the events list of {} (429): pausing for {} ms", account,
                        wait.toMillis());
                bucket.pause(wait);
                if (attempt >= RATE_LIMIT_RETRIES) {
                    throw new ProviderUnavailableException("Stripe kept answering 429", limited);
                }
            } catch (StripeException e) {
                throw new ProviderUnavailableException("Stripe's events list failed (" + e.getStatusCode() + "): "
                        + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderUnavailableException("interrupted waiting for Stripe's rate limit", e);
            } finally {
                RetryAfterRecordingClient.takeRetryAfter();
            }
        }
    }

    private static long created(Event event, String json) {
        if (event.getCreated() != null) {
            return event.getCreated();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node.path("created").asLong();
        } catch (IOException e) {
            return 0;
        }
    }
}
