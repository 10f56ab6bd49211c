package io.paybus.ingest.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import io.paybus.ingest.reconcile.ProviderEvents;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A PayPal account's event notifications ({@code GET /v1/notifications/webhooks-events} with
 * {@code start_time}/{@code end_time} and {@code page_size}; the next page is the answer's
 * {@code next} link), through the account's {@link PaypalApi} (token, rate limit, links that stay
 * on the API base).
 */
public final class PaypalEventsApi implements ProviderEvents {

    private final PaypalApi api;

    public PaypalEventsApi(PaypalApi api) {
        this.api = api;
    }

    @Override
    public String account() {
        return api.account();
    }

    @Override
    public String provider() {
        return "paypal";
    }

    @Override
    public Page list(Instant from, Instant to, String cursor, int limit) {
        String url = cursor != null ? cursor : "/v1/notifications/webhooks-events?page_size="
                + Math.min(Math.max(limit, 1), 100) + "&start_time=" + encode(from.toString()) + "&end_time="
                + encode(to.toString());
        JsonNode answer = api.get("events list", url);
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

    private static Instant created(JsonNode event) {
        try {
            return Instant.parse(event.path("create_time").asText());
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
