package io.paybus.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paybus.infra.samples.PaypalSigner;
import io.paybus.infra.stub.PaypalEventLog;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PayPal's checkout as the local stack meets it: the orders the gateway created
 * ({@code POST /v2/checkout/orders}), the buyer's approval, the merchant's capture, and the webhooks
 * PayPal sends about them, signed with the local stack's PayPal key ({@link PaypalSigner}) to the
 * ingest service's {@code /webhooks/paypal}, retried with backoff on a non-2xx answer as PayPal
 * does. Nothing here takes money: {@code POST /_stub/paypal/orders/{id}/approve} is the buyer
 * pressing "Pay" on PayPal's page, and the stub then sends {@code CHECKOUT.ORDER.APPROVED}; the
 * first capture of an approved order is answered {@code COMPLETED} and followed by
 * {@code PAYMENT.CAPTURE.COMPLETED}. Each event sent is also in the account's event log, which
 * reconciliation reads.
 */
final class PaypalCheckout implements AutoCloseable {

    static final String WEBHOOK_ID = "WH-PAYBUS-LOCAL";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 6;

    private final Map<String, Order> orders = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final PaypalSigner signer;
    private final URI webhook;
    private final PaypalEventLog log;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "paypal-stub-webhooks");
        thread.setDaemon(true);
        return thread;
    });

    /** A PayPal order: what the gateway asked for, and how far the buyer and the merchant took it. */
    private static final class Order {
        final String id;
        final String customId;
        final String value;
        final String currency;
        volatile String status = "PAYER_ACTION_REQUIRED";
        final AtomicInteger captures = new AtomicInteger();
        volatile String captureId;

        Order(String id, String customId, String value, String currency) {
            this.id = id;
            this.customId = customId;
            this.value = value;
            this.currency = currency;
        }
    }

    PaypalCheckout(PaypalSigner signer, URI webhook, PaypalEventLog log, PrintStream out) {
        this.signer = signer;
        this.webhook = webhook;
        this.log = log;
        this.out = out;
    }

    /** {@code POST /v2/checkout/orders}: a new order waiting for the buyer. */
    String create(String body) {
        JsonNode unit = parse(body).path("purchase_units").path(0);
        String id = "LOCAL" + (100000 + ids.incrementAndGet()) + "PAYPAL";
        Order order = new Order(id, unit.path("custom_id").asText(null), unit.path("amount").path("value").asText("0"),
                unit.path("amount").path("currency_code").asText("EUR"));
        orders.put(id, order);
        return "{\"id\":\"" + id + "\",\"status\":\"" + order.status + "\",\"links\":[{\"href\":"
                + "\"https://www.sandbox.paypal.com/checkoutnow?token=" + id + "\",\"rel\":\"payer-action\","
                + "\"method\":\"GET\"}]}";
    }

    /**
     * {@code POST /v2/checkout/orders/{id}/capture}: {@code COMPLETED} for an approved order (the
     * webhook follows), {@code 422 ORDER_NOT_APPROVED} before the buyer approved, and
     * {@code 422 ORDER_ALREADY_CAPTURED} after, as PayPal answers. Repeats under one
     * {@code PayPal-Request-Id} never reach here (the stub answers them with the first answer).
     */
    ProviderStub.Answer capture(String orderId) {
        Order order = orders.get(orderId);
        if (order == null) {
            return new ProviderStub.Answer(404, issue("RESOURCE_NOT_FOUND", "The specified resource does not exist."));
        }
        synchronized (order) {
            if ("COMPLETED".equals(order.status)) {
                return new ProviderStub.Answer(422, issue("ORDER_ALREADY_CAPTURED", "Order already captured."));
            }
            if (!"APPROVED".equals(order.status)) {
                return new ProviderStub.Answer(422, issue("ORDER_NOT_APPROVED", "Payer has not yet approved the Order for payment."));
            }
            order.status = "COMPLETED";
            order.captures.incrementAndGet();
            order.captureId = "LOCALCAPTURE" + (100000 + ids.incrementAndGet());
        }
        log.transactions().capture(order.captureId, order.customId, order.value, order.currency, "S", Instant.now());
        String event = event("PAYMENT.CAPTURE.COMPLETED", "capture", capture(order));
        sender.schedule(() -> deliver(event, 1), 200, TimeUnit.MILLISECONDS);
        return new ProviderStub.Answer(201, "{\"id\":\"" + order.id + "\",\"status\":\"COMPLETED\",\"purchase_units\":[{"
                + "\"reference_id\":\"" + order.customId + "\",\"payments\":{\"captures\":[" + capture(order) + "]}}]}");
    }

    /** {@code GET /v2/checkout/orders/{id}}. */
    ProviderStub.Answer get(String orderId) {
        Order order = orders.get(orderId);
        return order == null ? new ProviderStub.Answer(404, issue("RESOURCE_NOT_FOUND", "The specified resource does not exist."))
                : new ProviderStub.Answer(200, resource(order).toString());
    }

    /**
     * The buyer approves: the order becomes {@code APPROVED} and {@code CHECKOUT.ORDER.APPROVED} is
     * delivered {@code deliveries} times, as PayPal may: the first again under the same event id (a
     * retry), the others as new events of the same approval. Answers the ingest's status codes.
     */
    ProviderStub.Answer approve(String orderId, int deliveries) {
        Order order = orders.get(orderId);
        if (order == null) {
            return new ProviderStub.Answer(404, issue("RESOURCE_NOT_FOUND", "no PayPal order " + orderId));
        }
        synchronized (order) {
            if (!"COMPLETED".equals(order.status)) {
                order.status = "APPROVED";
            }
        }
        List<Integer> statuses = new ArrayList<>();
        String first = event("CHECKOUT.ORDER.APPROVED", "checkout-order", resource(order).toString());
        for (int i = 0; i < deliveries; i++) {
            String event = i < 2 ? first : event("CHECKOUT.ORDER.APPROVED", "checkout-order", resource(order).toString());
            statuses.add(send(event));
        }
        return new ProviderStub.Answer(200, "{\"order\":\"" + orderId + "\",\"webhook_statuses\":" + statuses + "}");
    }

    /** {@code GET /_stub/paypal/orders/{id}/captures}: how often the order was captured. */
    ProviderStub.Answer captures(String orderId) {
        Order order = orders.get(orderId);
        return order == null ? new ProviderStub.Answer(404, issue("RESOURCE_NOT_FOUND", "no PayPal order " + orderId))
                : new ProviderStub.Answer(200, "{\"order\":\"" + orderId + "\",\"captures\":" + order.captures.get() + "}");
    }

    private ObjectNode resource(Order order) {
        ObjectNode resource = JSON.createObjectNode().put("id", order.id).put("intent", "CAPTURE")
                .put("status", order.status);
        ObjectNode unit = resource.putArray("purchase_units").addObject().put("reference_id", order.customId)
                .put("custom_id", order.customId);
        unit.putObject("amount").put("currency_code", order.currency).put("value", order.value);
        unit.putObject("payee").put("merchant_id", "PAYBUSLOCALMERCHANT");
        ObjectNode payer = resource.putObject("payer").put("email_address", "buyer@paypal.example")
                .put("payer_id", "PAYBUSLOCALPAYER");
        payer.putObject("name").put("given_name", "Local").put("surname", "Buyer");
        payer.putObject("address").put("country_code", "CN");
        if (order.captureId != null) {
            unit.putObject("payments").putArray("captures").add(parse(capture(order)));
        }
        resource.put("create_time", Instant.now().toString());
        return resource;
    }

    private String capture(Order order) {
        ObjectNode capture = JSON.createObjectNode().put("id", order.captureId).put("status", "COMPLETED")
                .put("final_capture", true).put("custom_id", order.customId);
        capture.putObject("amount").put("currency_code", order.currency).put("value", order.value);
        capture.putObject("supplementary_data").putObject("related_ids").put("order_id", order.id);
        capture.put("create_time", Instant.now().toString());
        return capture.toString();
    }

    private String event(String type, String resourceType, String resource) {
        String id = "WH-LOCAL-" + UUID.randomUUID().toString().substring(0, 17).toUpperCase();
        String event = "{\"id\":\"" + id + "\",\"event_version\":\"1.0\",\"create_time\":\"" + Instant.now()
                + "\",\"resource_type\":\"" + resourceType + "\",\"resource_version\":\"2.0\",\"event_type\":\""
                + type + "\",\"summary\":\"" + type + " (local stub)\",\"resource\":" + resource + "}";
        log.add(event);
        return event;
    }

    /** Sends, and on anything but 2xx tries again later, as PayPal retries. */
    private void deliver(String event, int attempt) {
        int status = send(event);
        if (status / 100 != 2 && attempt < ATTEMPTS) {
            sender.schedule(() -> deliver(event, attempt + 1), 500L << attempt, TimeUnit.MILLISECONDS);
        }
    }

    private int send(String event) {
        byte[] body = event.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signer.headers(body, WEBHOOK_ID).forEach(request::header);
        String type = parse(event).path("event_type").asText();
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            out.printf("  [provider stub] PayPal webhook %s -> %d%n", type, status);
            return status;
        } catch (IOException e) {
            out.printf("  [provider stub] PayPal webhook %s not delivered: %s%n", type, e);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String issue(String name, String message) {
        return "{\"name\":\"" + (name.equals("RESOURCE_NOT_FOUND") ? name : "UNPROCESSABLE_ENTITY")
                + "\",\"details\":[{\"issue\":\"" + name + "\",\"description\":\"" + message + "\"}],\"message\":\""
                + message + "\"}";
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
