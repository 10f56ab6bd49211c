package io.paybus.ingest.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reading provider JSON after its signature was verified: the body as an object, fields as text,
 * and a clear refusal ({@code payload_malformed}, {@code payload_invalid}) when they are not there.
 */
public final class JsonFields {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFields() {
    }

    /** The body as a JSON object, parsed from the bytes that were verified. */
    public static JsonNode parseObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new WebhookRejectedException(Rejection.PAYLOAD_MALFORMED, "body is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_MALFORMED, "body is not valid JSON");
        }
    }

    /** The field as text, {@code null} when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static JsonNode requiredNode(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new WebhookRejectedException(Rejection.PAYLOAD_INVALID, "field '" + field + "' is missing");
        }
        return value;
    }

    public static String requiredText(JsonNode node, String field) {
        return requiredNode(node, field).asText();
    }
}
