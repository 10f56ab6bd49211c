package io.paybus.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stripe's invoices as Stripe keeps them, for one subscription at a time: invoices and invoice
 * items are created, listed and paid, and an idempotency key is remembered for 24 hours of the
 * test's clock only, as Stripe does. Payments are declined until {@link #declines} runs out.
 */
final class ForgetfulStripe implements ResponseDefinitionTransformerV2 {

    static final String NAME = "forgetful-stripe";
    private static final Duration KEY_MEMORY = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Remembered(Instant at, int status, String body) {
    }

    private final Clock clock;
    private final Map<String, Remembered> keys = new HashMap<>();
    private final Map<String, ObjectNode> invoices = new LinkedHashMap<>();
    private final List<ObjectNode> items = new ArrayList<>();
    int declines;

    ForgetfulStripe(Clock clock) {
        this.clock = clock;
    }

    synchronized int invoicesCreated() {
        return invoices.size();
    }

    synchronized int itemsCreated() {
        return items.size();
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String path = request.getUrl().split("\\?", 2)[0];
        String key = request.getHeader("Idempotency-Key");
        Instant now = clock.instant();
        if (key != null) {
            Remembered before = keys.get(key);
            if (before != null && now.isBefore(before.at().plus(KEY_MEMORY))) {
                return answer(before.status(), before.body());
            }
        }
        Map<String, String> form = form(request.getBodyAsString());
        int status = 200;
        String body;
        switch (request.getMethod().getName() + " " + path) {
            case "POST /v1/invoiceitems" -> {
                ObjectNode item = object("invoiceitem", "ii_" + (items.size() + 1));
                item.put("customer", form.get("customer"));
                item.put("amount", Long.parseLong(form.get("amount")));
                item.put("currency", form.get("currency"));
                item.putNull("invoice");
                item.putObject("metadata").put("paybus_period", form.get("metadata[paybus_period]"));
                items.add(item);
                body = item.toString();
            }
            case "GET /v1/invoiceitems" -> body = list(items.stream().filter(i -> i.path("invoice").isNull()).toList());
            case "POST /v1/invoices" -> {
                ObjectNode invoice = object("invoice", "in_" + form.get("subscription") + "_" + (invoices.size() + 1));
                invoice.put("subscription", form.get("subscription"));
                invoice.put("customer", form.get("customer"));
                invoice.put("status", "draft");
                invoice.put("currency", "eur");
                long pending = items.stream().filter(i -> i.path("invoice").isNull()).mapToLong(i -> i.path("amount")
                        .asLong()).sum();
                items.stream().filter(i -> i.path("invoice").isNull()).forEach(i -> i.put("invoice",
                        invoice.path("id").asText()));
                invoice.put("amount_due", 900 + pending);
                invoice.put("amount_paid", 0);
                invoice.putObject("metadata").put("paybus_period", form.get("metadata[paybus_period]"));
                invoices.put(invoice.path("id").asText(), invoice);
                body = invoice.toString();
            }
            case "GET /v1/invoices" -> {
                String subscription = request.queryParameter("subscription").firstValue();
                body = list(invoices.values().stream()
                        .filter(i -> i.path("subscription").asText().equals(subscription)).toList());
            }
            default -> {
                if (path.startsWith("/v1/invoices/") && path.endsWith("/pay")) {
                    ObjectNode invoice = invoices.get(path.substring("/v1/invoices/".length(), path.length() - 4));
                    if (declines > 0) {
                        declines--;
                        invoice.put("status", "open");
                        status = 402;
                        body = "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\","
                                + "\"decline_code\":\"insufficient_funds\",\"message\":\"Your card has insufficient funds.\"}}";
                    } else {
                        invoice.put("status", "paid");
                        invoice.put("amount_paid", invoice.path("amount_due").asLong());
                        body = invoice.toString();
                    }
                } else {
                    status = 404;
                    body = "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"no such route\"}}";
                }
            }
        }
        if (key != null) {
            keys.put(key, new Remembered(now, status, body));
        }
        return answer(status, body);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    private static ObjectNode object(String type, String id) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("object", type);
        return node;
    }

    private static String list(List<ObjectNode> data) {
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode array = list.putArray("data");
        data.forEach(array::add);
        list.put("has_more", false);
        list.put("url", "/v1/list");
        return list.toString();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private static ResponseDefinition answer(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body).build();
    }
}
