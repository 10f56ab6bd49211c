package io.paybus.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The receipt of a paid order as the billing service issued it, read through its public API
 * ({@code GET /orders/{id}/receipt}, then {@code GET /receipts/{number}.pdf}) with the notification
 * service's own key ({@code receipts-api-key}, scope {@code billing:read}). Billing issues the
 * receipt from the same {@code order.paid} this service mails on: until it has, the answer is 404
 * and the record is tried again (then parked), never mailed without its receipt.
 */
@Component
class ReceiptDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotificationProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ReceiptDocuments(NotificationProperties properties) {
        this.properties = properties;
    }

    /** Whether receipts are attached (a key to read them is configured). */
    boolean attaching() {
        return properties.receiptsApiKey() != null && !properties.receiptsApiKey().isBlank();
    }

    /** A receipt: its number and its PDF. */
    record Document(String number, byte[] pdf) {
    }

    /** The order's receipt; fails (the record is tried again) while billing has not issued it. */
    Document ofOrder(String orderId) {
        HttpResponse<byte[]> receipt = get("/orders/" + URLEncoder.encode(orderId, StandardCharsets.UTF_8) + "/receipt");
        if (receipt.statusCode() == 404) {
            throw new IllegalStateException("billing has not issued the receipt of order " + orderId + " yet");
        }
        require(receipt, "the receipt of order " + orderId);
        String number;
        try {
            JsonNode body = JSON.readTree(receipt.body());
            number = body.path("number").asText(null);
        } catch (IOException e) {
            throw new IllegalStateException("billing answered what is not JSON for order " + orderId, e);
        }
        if (number == null) {
            throw new IllegalStateException("billing's receipt of order " + orderId + " has no number");
        }
        HttpResponse<byte[]> pdf = get("/receipts/" + URLEncoder.encode(number, StandardCharsets.UTF_8) + ".pdf");
        require(pdf, "receipt " + number + " as PDF");
        return new Document(number, pdf.body());
    }

    private HttpResponse<byte[]> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(properties.receiptsUrl() + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + properties.receiptsApiKey())
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("billing cannot be reached at " + properties.receiptsUrl() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void require(HttpResponse<byte[]> answer, String what) {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("billing answered " + answer.statusCode() + " for " + what);
        }
    }
}
