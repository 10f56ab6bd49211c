package io.paybus.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.paybus.infra.samples.StripeSamples;
import io.paybus.infra.samples.PaypalSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stripe's and PayPal's APIs as the local stack's services reach them: providers cannot be reached
 * from here, so {@code POST /orders}, refunds and subscription renewals go to this stub, which
 * answers in the providers' shapes (Stripe's fixture objects from {@code provider-samples}) and,
 * like Stripe, answers a repeated idempotency key with the first answer. Every call is printed, so
 * a renewal can be watched as it happens. Like a Stripe account, it keeps the events it "sent"
 * ({@code GET /v1/events}, for reconciliation); the demo sender records each event it sends with
 * {@code POST /_stub/stripe/events}, also those whose webhook it drops. Its objects (the
 * PaymentIntents the gateway created, and what {@code POST /_stub/stripe/objects/<kind>} put) are
 * listed and read as Stripe's are ({@code GET /v1/payment_intents}, {@code /v1/charges},
 * {@code /v1/disputes}, {@code /v1/subscriptions}, {@code /v1/invoices}); PayPal's Transaction
 * Search and refunds answer too.
 */
final class ProviderStub implements AutoCloseable {

    private final HttpServer server;
    private final StripeSamples samples;
    private final Map<String, Answer> byIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> invoices =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final java.io.PrintStream out;
    private final io.paybus.infra.stub.StripeEventLog events = new io.paybus.infra.stub.StripeEventLog();
    private final io.paybus.infra.stub.PaypalEventLog paypalEvents = new io.paybus.infra.stub.PaypalEventLog();

    private final PaypalCheckout checkout;

    /** An answer: its status and JSON body. */
    record Answer(int status, String body) {
    }

    private ProviderStub(HttpServer server, StripeSamples samples, java.io.PrintStream out, PaypalSigner signer,
            URI paypalWebhook) {
        this.server = server;
        this.samples = samples;
        this.out = out;
        this.checkout = new PaypalCheckout(signer, paypalWebhook, paypalEvents, out);
    }

    /**
     * The stub on {@code port}; PayPal's webhooks about the checkouts it holds go to
     * {@code paypalWebhook}, signed by {@code signer}.
     */
    static ProviderStub start(int port, java.io.PrintStream out, PaypalSigner signer, URI paypalWebhook)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        ProviderStub stub = new ProviderStub(server, StripeSamples.load(), out, signer, paypalWebhook);
        server.createContext("/", stub::handle);
        // The buyer on PayPal's page: approve an order (PayPal then sends CHECKOUT.ORDER.APPROVED), and
        // how often the merchant captured it.
        server.createContext("/_stub/paypal/orders/", exchange -> {
            try (exchange) {
                String[] parts = exchange.getRequestURI().getPath().substring("/_stub/paypal/orders/".length()).split("/");
                String query = exchange.getRequestURI().getQuery();
                Answer answer = parts.length == 2 && parts[1].equals("approve") && "POST".equals(exchange.getRequestMethod())
                        ? stub.checkout.approve(parts[0], Math.max(1, Math.min(10, (int) parse(
                                io.paybus.infra.stub.StripeEventLog.query(query == null ? "" : query).get("deliveries")))))
                        : parts.length == 2 && parts[1].equals("captures") ? stub.checkout.captures(parts[0])
                        : new Answer(404, "{\"message\":\"POST /_stub/paypal/orders/{id}/approve or GET …/captures\"}");
                stub.out.printf("  [provider stub] %s %s%n", exchange.getRequestMethod(), exchange.getRequestURI());
                stub.write(exchange, answer);
            }
        });
        server.createContext("/v1/events", exchange -> {
            try (exchange) {
                stub.out.printf("  [provider stub] GET %s%n", exchange.getRequestURI());
                stub.events.handle(exchange);
            }
        });
        server.createContext("/v1/notifications/webhooks-events", exchange -> {
            try (exchange) {
                stub.out.printf("  [provider stub] GET %s%n", exchange.getRequestURI());
                stub.paypalEvents.handle(exchange);
            }
        });
        // The accounts' objects (lists for object backfills, one by id for the gateway's query): what
        // POST /v1/payment_intents created, and what a demo or test put with POST /_stub/stripe/objects/<kind>.
        for (String kind : new String[] {"/v1/payment_intents", "/v1/charges", "/v1/disputes", "/v1/subscriptions",
                "/v1/invoices"}) {
            server.createContext(kind, exchange -> {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    stub.handle(exchange);
                    return;
                }
                try (exchange) {
                    stub.out.printf("  [provider stub] GET %s%n", exchange.getRequestURI());
                    stub.events.handle(exchange);
                }
            });
        }
        for (String path : new String[] {"/v1/reporting/transactions", "/v2/payments/refunds/"}) {
            server.createContext(path, exchange -> {
                try (exchange) {
                    stub.out.printf("  [provider stub] GET %s%n", exchange.getRequestURI());
                    stub.paypalEvents.handle(exchange);
                }
            });
        }
        server.createContext("/_stub/stripe/objects/", exchange -> {
            try (exchange) {
                stub.events.objects().put(exchange.getRequestURI().getPath().substring("/_stub/stripe/objects/".length()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.createContext("/_stub/stripe/events", exchange -> {
            try (exchange) {
                stub.events.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return stub;
    }

    /** How many invoices (renewal charges) were created for {@code subscription}; a replayed key is not another. */
    int invoicesOf(String subscription) {
        java.util.concurrent.atomic.AtomicInteger count = invoices.get(subscription);
        return count == null ? 0 : count.get();
    }

        String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) {
            key = exchange.getRequestHeaders().getFirst("PayPal-Request-Id");
        }
        Answer answer;
        boolean replayed;
        // Like Stripe: one answer per idempotency key, however many copies arrive at once.
        synchronized (byIdempotencyKey) {
            answer = key == null ? null : byIdempotencyKey.get(method + path + key);
            replayed = answer != null;
            if (answer == null) {
                answer = answer(method, path, body);
                if (key != null) {
                    byIdempotencyKey.put(method + path + key, answer);
                }
                if (method.equals("POST") && path.equals("/v1/invoices") && answer.status() == 200) {
                    invoices.computeIfAbsent(String.valueOf(form(body).get("subscription")),
                            s -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                }
            }
        }
        out.printf("  [provider stub] %s %s%s%n", method, path, key == null ? ""
                : " (key " + key + (replayed ? ", replayed" : "") + ")");
        write(exchange, answer);
    }

    private void write(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }

    private Answer answer(String method, String path, String body) {
        if (path.equals("/v2/checkout/orders") && method.equals("POST")) {
            return new Answer(201, checkout.create(body));
        }
        if (path.startsWith("/v2/checkout/orders/") && path.endsWith("/capture")) {
            return checkout.capture(path.substring("/v2/checkout/orders/".length(), path.length() - "/capture".length()));
        }
        if (path.startsWith("/v2/checkout/orders/") && method.equals("GET")) {
            return checkout.get(path.substring("/v2/checkout/orders/".length()));
        }
        String answer = answer(method, path, form(body));
        return new Answer(answer.startsWith("{\"error\"") ? 404 : path.startsWith("/v2/") ? 201 : 200, answer);
    }

    private String answer(String method, String path, Map<String, String> form) {
        String n = Long.toString(ids.incrementAndGet());
        long amount = parse(form.get("amount"));
        String currency = form.getOrDefault("currency", "eur");
        if (path.equals("/v1/payment_intents")) {
            // Kept as created: the stub takes no payment itself (a demo's payment comes by webhook).
            String intent = samples.paymentIntentCreated("pi_local_" + n, form.get("metadata[order_id]"), amount,
                    currency);
            events.objects().put("payment_intents", intent);
            return intent;
        }
        if (path.equals("/v1/refunds")) {
            return samples.refundCreated("re_local_" + n, form.get("payment_intent"), amount, currency, "succeeded");
        }
        if (method.equals("GET") && path.equals("/v1/invoiceitems")) {
            // Nothing to find again: each demo period is billed once, before the stub forgets anything.
            return "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"" + path + "\"}";
        }
        if (path.equals("/v1/invoiceitems")) {
            return samples.invoiceItem("ii_local_" + n, form.get("customer"), amount, currency);
        }
        if (path.equals("/v1/invoices")) {
            return samples.invoice("in_local_" + form.get("subscription") + "_" + n, form.get("subscription"),
                    form.get("customer"), "draft", 2900, "eur");
        }
        if (path.startsWith("/v1/invoices/") && path.endsWith("/pay")) {
            String invoice = path.substring("/v1/invoices/".length(), path.length() - "/pay".length());
            return samples.invoice(invoice, null, null, "paid", 2900, "eur");
        }
        if (method.equals("DELETE") && path.startsWith("/v1/subscriptions/")) {
            return samples.subscriptionCanceled(path.substring("/v1/subscriptions/".length()), null);
        }
        if (path.equals("/v1/oauth2/token")) {
            return "{\"access_token\":\"local-stub-token\",\"token_type\":\"Bearer\",\"expires_in\":32400}";
        }
        if (path.startsWith("/v2/payments/captures/") && path.endsWith("/refund")) {
            return "{\"id\":\"LOCALREFUND" + n + "\",\"status\":\"COMPLETED\"}";
        }
        return "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"the local stub does not know " + method
                + " " + path + "\"}}";
    }

    private static long parse(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Map<String, String> form(String body) {
        return io.paybus.infra.stub.StripeEventLog.query(body);
    }

    @Override
    public void close() {
        checkout.close();
        server.stop(0);
    }
}
