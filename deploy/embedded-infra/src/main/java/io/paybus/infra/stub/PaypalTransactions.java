package io.paybus.infra.stub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stubbed PayPal account's transactions, served as PayPal's Transaction Search serves them
 * ({@code GET /v1/reporting/transactions} with {@code start_date}/{@code end_date} at most 31 days
 * apart, else 400 {@code INVALID_REQUEST}; {@code page}/{@code page_size}; {@code total_pages}),
 * and its refunds ({@code GET /v2/payments/refunds/{id}}, with the capture's total refunded).
 */
public final class PaypalTransactions {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How Transaction Search writes its dates: {@code 2026-11-23T12:00:00+0000}. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

    private final List<ObjectNode> transactions = new ArrayList<>();
    private final Map<String, ObjectNode> refunds = new LinkedHashMap<>();

    /** A completed ({@code S}), pending ({@code P}), denied ({@code D}) or reversed ({@code V}) capture. */
    public synchronized void capture(String captureId, String customId, String value, String currency,
            String status, Instant at) {
        transactions.add(info(captureId, "T0006", status, value, currency, customId, at));
    }

    /** A refund of {@code value} of a capture; {@code totalRefunded} is the capture's total refunded with it. */
    public synchronized void refund(String refundId, String captureId, String customId, String value,
            String totalRefunded, String currency, Instant at) {
        ObjectNode info = info(refundId, "T1107", "S", "-" + value, currency, customId, at);
        info.put("paypal_reference_id", captureId);
        info.put("paypal_reference_id_type", "TXN");
        transactions.add(info);
        ObjectNode refund = JSON.createObjectNode();
        refund.put("id", refundId);
        refund.putObject("amount").put("value", value).put("currency_code", currency);
        refund.put("status", "COMPLETED");
        refund.put("custom_id", customId);
        ObjectNode breakdown = refund.putObject("seller_payable_breakdown");
        breakdown.putObject("total_refunded_amount").put("value", totalRefunded).put("currency_code", currency);
        refund.put("create_time", at.toString());
        refund.put("update_time", at.toString());
        ArrayNode links = refund.putArray("links");
        links.addObject().put("href", "https://api.paypal.com/v2/payments/refunds/" + refundId).put("rel", "self")
                .put("method", "GET");
        links.addObject().put("href", "https://api.paypal.com/v2/payments/captures/" + captureId).put("rel", "up")
                .put("method", "GET");
        refunds.put(refundId, refund);
    }

    public synchronized void clear() {
        transactions.clear();
        refunds.clear();
    }

    static boolean serves(String path) {
        return path.equals("/v1/reporting/transactions") || path.startsWith("/v2/payments/refunds/");
    }

    void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/v2/payments/refunds/")) {
            ObjectNode refund;
            synchronized (this) {
                refund = refunds.get(path.substring("/v2/payments/refunds/".length()));
            }
            StubHttp.send(exchange, refund == null ? 404 : 200, refund == null
                    ? "{\"name\":\"RESOURCE_NOT_FOUND\",\"message\":\"The specified resource does not exist.\"}"
                    : refund.toString());
            return;
        }
        Map<String, String> query = StripeEventLog.query(exchange.getRequestURI().getRawQuery());
        Instant start;
        Instant end;
        try {
            start = OffsetDateTime.parse(query.get("start_date")).toInstant();
            end = OffsetDateTime.parse(query.get("end_date")).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            StubHttp.send(exchange, 400, "{\"name\":\"INVALID_REQUEST\",\"message\":\"Request is not well-formed,"
                    + " syntactically incorrect, or violates schema.\",\"details\":[{\"field\":\"start_date\","
                    + "\"issue\":\"start_date and end_date are required ISO-8601 dates\"}]}");
            return;
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(31)) > 0) {
            StubHttp.send(exchange, 400, "{\"name\":\"INVALID_REQUEST\",\"message\":\"Request is not well-formed,"
                    + " syntactically incorrect, or violates schema.\",\"details\":[{\"field\":\"start_date\","
                    + "\"issue\":\"Date range is greater than 31 days\"}]}");
            return;
        }
        int size = Math.min(500, Math.max(1, Integer.parseInt(query.getOrDefault("page_size", "100"))));
        int page = Math.max(1, Integer.parseInt(query.getOrDefault("page", "1")));
        List<ObjectNode> window;
        synchronized (this) {
            window = transactions.stream().filter(t -> {
                Instant at = OffsetDateTime.parse(t.path("transaction_initiation_date").asText(), DATE).toInstant();
                return !at.isBefore(start) && !at.isAfter(end);
            }).toList();
        }
        int from = (page - 1) * size;
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode details = answer.putArray("transaction_details");
        window.subList(Math.min(from, window.size()), Math.min(window.size(), from + size))
                .forEach(t -> details.addObject().set("transaction_info", t));
        answer.put("account_number", "XZXSPECYZ2VFL");
        answer.put("start_date", query.get("start_date"));
        answer.put("end_date", query.get("end_date"));
        answer.put("page", page);
        answer.put("total_items", window.size());
        answer.put("total_pages", Math.max(1, (window.size() + size - 1) / size));
        StubHttp.send(exchange, 200, answer.toString());
    }

    private static ObjectNode info(String id, String code, String status, String value, String currency,
            String customId, Instant at) {
        ObjectNode info = JSON.createObjectNode();
        info.put("paypal_account_id", "6STWC2LSUYYYE");
        info.put("transaction_id", id);
        info.put("transaction_event_code", code);
        info.put("transaction_initiation_date", DATE.format(at));
        info.put("transaction_updated_date", DATE.format(at));
        info.putObject("transaction_amount").put("currency_code", currency).put("value", value);
        info.put("transaction_status", status);
        if (customId != null) {
            info.put("custom_field", customId);
        }
        return info;
    }
}
