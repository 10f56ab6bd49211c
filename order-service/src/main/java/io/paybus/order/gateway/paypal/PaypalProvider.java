package io.paybus.order.gateway.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paybus.events.Money;
import io.paybus.order.command.RefundTarget;
import io.paybus.order.gateway.CapturedPayment;
import io.paybus.order.gateway.CreatedPayment;
import io.paybus.order.gateway.CreatedRefund;
import io.paybus.order.gateway.GatewayProperties;
import io.paybus.order.gateway.PaymentProvider;
import io.paybus.order.gateway.PaymentRequest;
import io.paybus.order.gateway.ProviderFailure;
import io.paybus.order.gateway.ProviderPayment;
import io.paybus.order.gateway.ProviderFailure.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Currency;

/**
 * PayPal's REST API (Orders v2, Payments v2) over plain HTTP: an OAuth2 client-credentials token,
 * an order with intent {@code CAPTURE} per Paybus order (our id in {@code custom_id}, which
 * PayPal carries to the capture and its webhooks), and capture refunds. Every POST carries
 * {@code PayPal-Request-Id}, PayPal's idempotency key.
 */
public class PaypalProvider implements PaymentProvider {

    public static final String NAME = "PAYPAL";

    private final GatewayProperties.Paypal config;
    private final Duration timeout;
    private final int maxNetworkRetries;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    public PaypalProvider(GatewayProperties properties, Clock clock) {
        this.config = properties.paypal();
        this.timeout = properties.timeout();
        this.maxNetworkRetries = properties.maxNetworkRetries();
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CreatedPayment createPayment(PaymentRequest request, String idempotencyKey) {
        ObjectNode body = json.createObjectNode();
        body.put("intent", "CAPTURE");
        ObjectNode unit = body.putArray("purchase_units").addObject();
        unit.put("reference_id", request.orderId());
        unit.put("custom_id", request.orderId());
        if (request.description() != null) {
            unit.put("description", request.description());
        }
        unit.set("amount", amount(request.amount()));
        String returnUrl = request.returnUrl() != null ? request.returnUrl() : config.returnUrl();
        String cancelUrl = request.cancelUrl() != null ? request.cancelUrl() : config.cancelUrl();
        if (returnUrl != null || cancelUrl != null) {
            ObjectNode context = body.putObject("payment_source").putObject("paypal").putObject("experience_context");
            context.put("user_action", "PAY_NOW");
            if (returnUrl != null) {
                context.put("return_url", returnUrl);
            }
            if (cancelUrl != null) {
                context.put("cancel_url", cancelUrl);
            }
        }
        JsonNode order = post("/v2/checkout/orders", body, idempotencyKey);
        String approval = null;
        for (JsonNode link : order.path("links")) {
            String rel = link.path("rel").asText();
            if ("approve".equals(rel) || "payer-action".equals(rel)) {
                approval = link.path("href").asText();
            }
        }
        return new CreatedPayment(order.path("id").asText(), order.path("status").asText(null), null, approval);
    }

    /**
     * The PayPal order ({@code GET /v2/checkout/orders/{id}}) with its captures and refunds, or,
     * when the reference is a capture's (what {@code PAYMENT.CAPTURE.*} events carry), the capture
     * ({@code GET /v2/payments/captures/{id}}, which says "partially refunded" but not how much).
     */
    @Override
    public ProviderPayment query(String providerRef) {
        String ref = URLEncoder.encode(providerRef, StandardCharsets.UTF_8);
        JsonNode order = get("/v2/checkout/orders/" + ref);
        if (order != null) {
            JsonNode unit = order.path("purchase_units").path(0);
            Money amount = money(unit.path("amount"));
            JsonNode capture = unit.path("payments").path("captures").path(0);
            long refunded = 0;
            for (JsonNode refund : unit.path("payments").path("refunds")) {
                if ("COMPLETED".equals(refund.path("status").asText())) {
                    refunded += money(refund.path("amount")).minor();
                }
            }
            String status = order.path("status").asText();
            String implied = switch (status) {
                case "COMPLETED" -> capture.isMissingNode() ? "PROCESSING" : capturedStatus(capture.path("status").asText(),
                        refunded, amount.minor());
                case "PAYER_ACTION_REQUIRED" -> "REQUIRES_ACTION";
                case "VOIDED" -> "CANCELED";
                default -> "AWAITING_PAYMENT"; // CREATED, SAVED, APPROVED: no money taken until it is captured
            };
            Money received = capture.isMissingNode() || !"COMPLETED".equals(capture.path("status").asText()) ? null
                    : money(capture.path("amount"));
            return new ProviderPayment(NAME, order.path("id").asText(), status, implied, amount, received, refunded,
                    unit.path("custom_id").asText(null), received == null ? null : capture.path("id").asText(null));
        }
        JsonNode capture = get("/v2/payments/captures/" + ref);
        if (capture == null) {
            throw new ProviderFailure(Kind.REJECTED, NAME, "resource_missing", "PayPal knows no order or capture "
                    + providerRef, null, null);
        }
        String status = capture.path("status").asText();
        Money amount = money(capture.path("amount"));
        long refunded = "REFUNDED".equals(status) ? amount.minor() : "PARTIALLY_REFUNDED".equals(status) ? -1 : 0;
        return new ProviderPayment(NAME, capture.path("id").asText(), status, capturedStatus(status, refunded,
                amount.minor()), amount, "COMPLETED".equals(status) || refunded != 0 ? amount : null, refunded,
                capture.path("custom_id").asText(null), capture.path("id").asText(null));
    }

    private static String capturedStatus(String captureStatus, long refunded, long amount) {
        return switch (captureStatus) {
            case "COMPLETED" -> refunded <= 0 ? "PAID" : refunded >= amount ? "REFUNDED" : "PARTIALLY_REFUNDED";
            case "PARTIALLY_REFUNDED" -> "PARTIALLY_REFUNDED";
            case "REFUNDED" -> "REFUNDED";
            case "PENDING" -> "PROCESSING";
            case "DECLINED", "FAILED" -> "PAYMENT_FAILED";
            default -> "PROCESSING";
        };
    }

    private Money money(JsonNode amount) {
        Currency currency = Currency.getInstance(amount.path("currency_code").asText());
        return new Money(new BigDecimal(amount.path("value").asText("0"))
                .movePointRight(Math.max(0, currency.getDefaultFractionDigits())).longValueExact(), currency);
    }

    /** A GET of PayPal's API; {@code null} on 404. */
    private JsonNode get(String path) {
        for (int attempt = 0; ; attempt++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.apiBase() + path))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + token())
                    .GET()
                    .build();
            HttpResponse<byte[]> response = send(request);
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() / 100 == 2) {
                try {
                    return json.readTree(response.body());
                } catch (IOException e) {
                    throw new ProviderFailure(Kind.UNAVAILABLE, NAME, null, "PayPal answered what is not JSON", null, e);
                }
            }
            ProviderFailure failure = failure(response);
            if (response.statusCode() == 401) {
                token = null;
            }
            if (failure.kind() != Kind.UNAVAILABLE || attempt >= maxNetworkRetries) {
                throw failure;
            }
        }
    }

    /**
     * {@code POST /v2/checkout/orders/{id}/capture} with {@code PayPal-Request-Id}: the capture, or
     * the one already taken ({@code ORDER_ALREADY_CAPTURED}: read from the order). A capture PayPal
     * answers {@code DECLINED} or {@code FAILED}, and {@code INSTRUMENT_DECLINED}, are declines.
     */
    @Override
    public CapturedPayment capture(String providerRef, String idempotencyKey) {
        String ref = URLEncoder.encode(providerRef, StandardCharsets.UTF_8);
        JsonNode order;
        try {
            order = post("/v2/checkout/orders/" + ref + "/capture", json.createObjectNode(), idempotencyKey);
        } catch (ProviderFailure failure) {
            if (!"ORDER_ALREADY_CAPTURED".equals(failure.providerCode())) {
                throw failure;
            }
            order = get("/v2/checkout/orders/" + ref);
            if (order == null) {
                throw failure;
            }
        }
        JsonNode capture = order.path("purchase_units").path(0).path("payments").path("captures").path(0);
        String status = capture.path("status").asText(null);
        if ("DECLINED".equals(status) || "FAILED".equals(status)) {
            throw new ProviderFailure(Kind.DECLINED, NAME, status, "PayPal " + status.toLowerCase(java.util.Locale.ROOT)
                    + " the capture of " + providerRef, null, null);
        }
        if (capture.path("id").asText(null) == null) {
            throw new ProviderFailure(Kind.UNAVAILABLE, NAME, null, "PayPal's capture answer names no capture", null,
                    null);
        }
        return new CapturedPayment(capture.path("id").asText(), status);
    }

    @Override
    public CreatedRefund refund(String orderId, RefundTarget target, String idempotencyKey) {
        ObjectNode body = json.createObjectNode();
        body.set("amount", amount(target.amount()));
        body.put("custom_id", orderId);
        String capture = URLEncoder.encode(target.paymentRef(), StandardCharsets.UTF_8);
        JsonNode refund = post("/v2/payments/captures/" + capture + "/refund", body, idempotencyKey);
        return new CreatedRefund(refund.path("id").asText(), refund.path("status").asText(null));
    }

    private ObjectNode amount(Money money) {
        ObjectNode amount = json.createObjectNode();
        amount.put("currency_code", money.currency().getCurrencyCode());
        amount.put("value", BigDecimal.valueOf(money.minor(), Math.max(0, money.currency().getDefaultFractionDigits()))
                .toPlainString());
        return amount;
    }

    private JsonNode post(String path, JsonNode body, String idempotencyKey) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(config.apiBase() + path))
                        .timeout(timeout)
                        .header("Authorization", "Bearer " + token())
                        .header("Content-Type", "application/json")
                        .header("Prefer", "return=representation")
                        .header("PayPal-Request-Id", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build();
                HttpResponse<byte[]> response = send(request);
                if (response.statusCode() / 100 == 2) {
                    return json.readTree(response.body());
                }
                ProviderFailure failure = failure(response);
                if (response.statusCode() == 401) {
                    token = null;
                }
                if (failure.kind() != Kind.UNAVAILABLE || attempt >= maxNetworkRetries) {
                    throw failure;
                }
            } catch (ProviderFailure e) {
                if (e.kind() != Kind.TIMEOUT || attempt >= maxNetworkRetries) {
                    throw e;
                }
            } catch (IOException e) {
                throw new ProviderFailure(Kind.UNAVAILABLE, NAME, null, "PayPal answered what is not JSON", null, e);
            }
        }
    }

    private synchronized String token() {
        if (!config.configured()) {
            throw new ProviderFailure(Kind.NOT_CONFIGURED, NAME, null,
                    "PayPal is not configured (paybus.order.gateway.paypal.client-id / client-secret)", null, null);
        }
        if (token != null && clock.instant().isBefore(tokenExpires)) {
            return token;
        }
        String basic = Base64.getEncoder().encodeToString(
                (config.clientId() + ":" + config.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(config.apiBase() + "/v1/oauth2/token"))
                .timeout(timeout)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<byte[]> response = send(request);
        if (response.statusCode() != 200) {
            throw failure(response);
        }
        try {
            JsonNode answer = json.readTree(response.body());
            token = answer.path("access_token").asText();
            tokenExpires = clock.instant().plusSeconds(Math.max(0, answer.path("expires_in").asLong(0) - 60));
            return token;
        } catch (IOException e) {
            throw new ProviderFailure(Kind.UNAVAILABLE, NAME, null, "PayPal's token answer is not JSON", null, e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ProviderFailure(Kind.TIMEOUT, NAME, null, "no answer from PayPal in time: " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderFailure(Kind.TIMEOUT, NAME, null, "interrupted waiting for PayPal", null, e);
        }
    }

    /** PayPal's status and error body ({@code name}, {@code details[0].issue}, {@code message}). */
    private ProviderFailure failure(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String code = null;
        String message = "PayPal answered " + status;
        try {
            JsonNode error = json.readTree(response.body());
            String issue = error.path("details").path(0).path("issue").asText(null);
            code = issue != null ? issue : error.path("name").asText(error.path("error").asText(null));
            String text = error.path("message").asText(error.path("error_description").asText(null));
            if (text != null) {
                message = text;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the status tells enough
        }
        Kind kind;
        Duration retryAfter = null;
        if (status == 429) {
            kind = Kind.RATE_LIMITED;
            retryAfter = response.headers().firstValue("Retry-After").map(PaypalProvider::seconds)
                    .orElse(Duration.ofSeconds(1));
        } else if (status == 401 || status == 403) {
            kind = Kind.MISCONFIGURED;
        } else if (status >= 500) {
            kind = Kind.UNAVAILABLE;
        } else if (code != null && code.contains("DECLINED")) {
            kind = Kind.DECLINED;
        } else {
            kind = Kind.REJECTED;
        }
        return new ProviderFailure(kind, NAME, code, message, retryAfter, null);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
