package io.paybus.infra.stub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The event notifications a stubbed PayPal account "sent", served as PayPal serves them:
 * {@code GET /v1/notifications/webhooks-events} with {@code start_time}, {@code end_time} and
 * {@code page_size}, newest first, the next page as a {@code rel: next} link; and the OAuth2 token
 * ({@code POST /v1/oauth2/token}) a caller needs first; its {@link #transactions()} beside them.
 * {@link #rateLimitEvery} answers every n-th events list call 429.
 */
public final class PaypalEventLog extends ProviderEventLog {

    private volatile int rateLimitEvery;
    private final PaypalTransactions transactions = new PaypalTransactions();

    public static PaypalEventLog start() {
        PaypalEventLog log = new PaypalEventLog();
        log.serve();
        return log;
    }

    /** The account's transactions (Transaction Search) and refunds, served beside its events. */
    public PaypalTransactions transactions() {
        return transactions;
    }

    public void rateLimitEvery(int n) {
        this.rateLimitEvery = n;
    }

    /** Answers {@code /v1/oauth2/token}, {@code /v1/notifications/webhooks-events} and the transactions' paths. */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/v1/oauth2/token")) {
            exchange.getRequestBody().readAllBytes();
            send(exchange, 200, "{\"scope\":\"https://uri.paypal.com/services/applications/webhooks\","
                    + "\"access_token\":\"A21AAF_stub_token\",\"token_type\":\"Bearer\",\"app_id\":\"APP-80W284485P519543T\","
                    + "\"expires_in\":32400,\"nonce\":\"2026-12-02T00:00:00Z\"}");
            return;
        }
        if (PaypalTransactions.serves(path)) {
            transactions.handle(exchange);
            return;
        }
        if (!path.equals("/v1/notifications/webhooks-events")) {
            send(exchange, 404, "{\"name\":\"RESOURCE_NOT_FOUND\",\"message\":\"The specified resource does not exist.\"}");
            return;
        }
        int call = calls.incrementAndGet();
        if (rateLimitEvery > 0 && call % rateLimitEvery == 0) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(exchange, 429, "{\"name\":\"RATE_LIMIT_REACHED\",\"message\":\"Too many requests.\"}");
            return;
        }
        Map<String, String> query = StripeEventLog.query(exchange.getRequestURI().getRawQuery());
        Instant start = Instant.parse(query.getOrDefault("start_time", "1970-01-01T00:00:00Z"));
        Instant end = Instant.parse(query.getOrDefault("end_time", "9999-12-31T23:59:59Z"));
        int size = Math.min(300, Math.max(1, Integer.parseInt(query.getOrDefault("page_size", "10"))));
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        List<ObjectNode> window;
        synchronized (this) {
            window = events.stream().filter(e -> {
                Instant at = Instant.parse(e.path("create_time").asText());
                return !at.isBefore(start) && !at.isAfter(end);
            }).sorted(Comparator.comparing((ObjectNode e) -> Instant.parse(e.path("create_time").asText())).reversed())
                    .toList();
        }
        int from = (page - 1) * size;
        List<ObjectNode> slice = window.subList(Math.min(from, window.size()), Math.min(window.size(), from + size));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("events");
        slice.forEach(list::add);
        answer.put("count", slice.size());
        ArrayNode links = answer.putArray("links");
        String base = "http://" + exchange.getRequestHeaders().getFirst("Host") + path + "?page_size=" + size
                + "&start_time=" + encode(start.toString()) + "&end_time=" + encode(end.toString());
        links.addObject().put("href", base + "&page=" + page).put("rel", "self").put("method", "GET");
        if (from + size < window.size()) {
            links.addObject().put("href", base + "&page=" + (page + 1)).put("rel", "next").put("method", "GET");
        }
        send(exchange, 200, JSON.writeValueAsString(answer));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
