package io.paybus.infra.stub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stubbed Stripe account's objects, served as Stripe serves them: {@code GET /v1/<kind>} lists
 * ({@code payment_intents}, {@code charges}, {@code disputes}, {@code subscriptions},
 * {@code invoices}) with Stripe's paging ({@link StripeEventLog#sendPage}), {@code GET /v1/<kind>/<id>},
 * and the expansions an object backfill asks for ({@code data.latest_charge} of a PaymentIntent,
 * {@code data.payment_intent} of a dispute, also {@code latest_charge} on one PaymentIntent). Like
 * Stripe, a subscription list without {@code status=all} leaves canceled subscriptions out, and
 * lists filter by {@code subscription}, {@code customer} and {@code payment_intent}. Putting
 * an object of an id already kept replaces it (its state changed).
 */
public final class StripeObjects implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KINDS = List.of("payment_intents", "charges", "disputes", "subscriptions",
            "invoices");

    private final Map<String, Map<String, ObjectNode>> byKind = new LinkedHashMap<>();
    private HttpServer server;

    public StripeObjects() {
        KINDS.forEach(kind -> byKind.put(kind, new LinkedHashMap<>()));
    }

    /** Objects served on a loopback port of their own (see {@link #baseUrl}). */
    public static StripeObjects start() {
        StripeObjects objects = new StripeObjects();
        objects.server = StubHttp.start(objects::handle);
        return objects;
    }

    public String baseUrl() {
        return StubHttp.baseUrl(server);
    }

    /** Keeps (or replaces, by id) an object of {@code kind}, e.g. {@code payment_intents}. */
    public synchronized void put(String kind, String json) {
        try {
            ObjectNode object = (ObjectNode) JSON.readTree(json);
            Map<String, ObjectNode> objects = kind(kind);
            objects.remove(object.path("id").asText());
            objects.put(object.path("id").asText(), object);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not an object: " + e.getMessage(), e);
        }
    }

    public synchronized Optional<ObjectNode> get(String kind, String id) {
        return Optional.ofNullable(kind(kind).get(id)).map(ObjectNode::deepCopy);
    }

    public synchronized void clear() {
        byKind.values().forEach(Map::clear);
    }

    /** Whether this serves the path ({@code /v1/<one of its kinds>…}). */
    public static boolean serves(String path) {
        return KINDS.stream().anyMatch(kind -> path.equals("/v1/" + kind) || path.startsWith("/v1/" + kind + "/"));
    }

    /** Answers {@code GET /v1/<kind>} or {@code GET /v1/<kind>/<id>}. */
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = StripeEventLog.query(exchange.getRequestURI().getRawQuery());
        String[] parts = path.split("/");
        if (parts.length < 3 || !byKind.containsKey(parts[2]) || !"GET".equals(exchange.getRequestMethod())) {
            StubHttp.send(exchange, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unrecognized"
                    + " request URL (" + exchange.getRequestMethod() + ": " + path + ")\"}}");
            return;
        }
        String kind = parts[2];
        // expand[]=… (or stripe-java's expand[0]=…), data.… on a list
        String expand = query.entrySet().stream().filter(e -> e.getKey().startsWith("expand["))
                .map(e -> e.getValue().replace("data.", "")).findFirst().orElse("");
        if (parts.length > 3) {
            Optional<ObjectNode> object = get(kind, parts[3]).map(o -> expand(kind, o, expand));
            if (object.isEmpty()) {
                StubHttp.send(exchange, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"code\":"
                        + "\"resource_missing\",\"message\":\"No such object: '" + parts[3] + "'\"}}");
            } else {
                StubHttp.send(exchange, 200, object.get().toString());
            }
            return;
        }
        boolean all = "all".equals(query.get("status"));
        List<ObjectNode> listed = new ArrayList<>();
        synchronized (this) {
            for (ObjectNode object : kind(kind).values()) {
                if (kind.equals("subscriptions") && !all && "canceled".equals(object.path("status").asText())
                        || !matches(object, query, "subscription") || !matches(object, query, "customer")
                        || !matches(object, query, "payment_intent")) {
                    continue;
                }
                listed.add(expand(kind, object.deepCopy(), expand));
            }
        }
        StripeEventLog.sendPage(exchange, listed, query, "/v1/" + kind);
    }

    /** Stripe's list filters by a field ({@code subscription=}, {@code customer=}, {@code payment_intent=}). */
    private static boolean matches(ObjectNode object, Map<String, String> query, String field) {
        String wanted = query.get(field);
        return wanted == null || wanted.equals(object.path(field).asText());
    }

    private synchronized ObjectNode expand(String kind, ObjectNode object, String field) {
        if (kind.equals("payment_intents") && field.equals("latest_charge")) {
            ObjectNode charge = kind("charges").get(object.path("latest_charge").asText());
            if (charge != null) {
                object.set("latest_charge", charge.deepCopy());
            }
        } else if (kind.equals("disputes") && field.equals("payment_intent")) {
            ObjectNode intent = kind("payment_intents").get(object.path("payment_intent").asText());
            if (intent != null) {
                object.set("payment_intent", intent.deepCopy());
            }
        }
        return object;
    }

    private Map<String, ObjectNode> kind(String kind) {
        Map<String, ObjectNode> objects = byKind.get(kind);
        if (objects == null) {
            throw new IllegalArgumentException("no Stripe object list " + kind);
        }
        return objects;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }
}
