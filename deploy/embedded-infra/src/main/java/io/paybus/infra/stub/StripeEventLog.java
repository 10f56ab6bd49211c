package io.paybus.infra.stub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The events a stubbed Stripe account "sent", served as Stripe serves them: {@code GET /v1/events}
 * with {@code created[gte]}/{@code created[lte]}, {@code limit} (at most 100) and
 * {@code starting_after}, newest first, {@code has_more}. Whether a
 * webhook of an event was delivered is the sender's business (a stubbed endpoint that drops some
 * webhooks just does not post them); this log holds them all, as Stripe does.
 *
 * <p>For tests of what a provider does to its callers (events and objects alike):
 * {@link #rateLimitEvery} answers every n-th call 429 with {@code Retry-After}; {@link #failAfter}
 * answers 500 once that many calls went well.
 * Served by its own server ({@link #start}) or mounted into another ({@link #handle}).
 */
public final class StripeEventLog extends ProviderEventLog {

    private volatile int rateLimitEvery;
    private final StripeObjects objects = new StripeObjects();
    private volatile double retryAfterSeconds = 1;
    private volatile int failAfter = -1;

    /** A log served on its own loopback port (see {@link #baseUrl}). */
    public static StripeEventLog start() {
        StripeEventLog log = new StripeEventLog();
        log.serve();
        return log;
    }

    /** The account's objects (PaymentIntents, charges, disputes, subscriptions, invoices), served beside its events. */
    public StripeObjects objects() {
        return objects;
    }

    /** Every n-th call answers 429 with {@code Retry-After: seconds} (0: never). */
    public void rateLimitEvery(int n, double seconds) {
        this.rateLimitEvery = n;
        this.retryAfterSeconds = seconds;
    }

    /** After {@code n} more calls that went well, every call answers 500 (-1: never). */
    public void failAfter(int n) {
        this.failAfter = n < 0 ? -1 : calls.get() + n;
    }

    /** Answers a {@code /v1/events} request, or one of its {@link #objects()}. */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        int call = calls.incrementAndGet();
        if (rateLimitEvery > 0 && call % rateLimitEvery == 0) {
            exchange.getResponseHeaders().add("Retry-After", Double.toString(retryAfterSeconds));
            send(exchange, 429, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\","
                    + "\"message\":\"Too many requests hit the API too quickly.\"}}");
            return;
        }
        if (failAfter >= 0 && call > failAfter) {
            calls.decrementAndGet();
            send(exchange, 500, "{\"error\":{\"type\":\"api_error\",\"message\":\"An unknown error occurred\"}}");
            return;
        }
        if (StripeObjects.serves(exchange.getRequestURI().getPath())) {
            objects.handle(exchange);
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        List<ObjectNode> ordered;
        synchronized (this) {
            ordered = new ArrayList<>(events);
        }
        sendPage(exchange, ordered, query, "/v1/events");
    }

    /**
     * Answers a Stripe list request over {@code objects} (in the order they were added): newest
     * {@code created} first, those of one second in reverse order of arrival, as Stripe lists them;
     * {@code created[gte]}/{@code created[lte]}, {@code limit} (at most 100), {@code starting_after}
     * (400 when it is not in the list), {@code has_more}.
     */
    static void sendPage(HttpExchange exchange, List<ObjectNode> objects, Map<String, String> query, String url)
            throws IOException {
        long gte = Long.parseLong(query.getOrDefault("created[gte]", Long.toString(Long.MIN_VALUE)));
        long lte = Long.parseLong(query.getOrDefault("created[lte]", Long.toString(Long.MAX_VALUE)));
        int limit = Math.min(100, Math.max(1, Integer.parseInt(query.getOrDefault("limit", "10"))));
        String after = query.get("starting_after");
        List<ObjectNode> ordered = new ArrayList<>(objects);
        java.util.Collections.reverse(ordered);
        ordered.sort(Comparator.comparingLong((ObjectNode e) -> e.path("created").asLong()).reversed());
        List<ObjectNode> window = ordered.stream()
                .filter(e -> e.path("created").asLong() >= gte && e.path("created").asLong() <= lte).toList();
        int from = 0;
        if (after != null) {
            from = -1;
            for (int i = 0; i < window.size(); i++) {
                if (after.equals(window.get(i).path("id").asText())) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                send(exchange, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"starting_after "
                        + "is not an object of the list\"}}");
                return;
            }
        }
        List<ObjectNode> page = window.subList(Math.min(from, window.size()), Math.min(window.size(), from + limit));
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        page.forEach(data::add);
        list.put("has_more", from + limit < window.size());
        list.put("url", url);
        send(exchange, 200, JSON.writeValueAsString(list));
    }

    /** {@code a=1&b=2} (a query string, or a form body) as a map, decoded. */
    public static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

}
