package io.paybus.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;

/**
 * JSON wire format of {@link PaymentEnvelope}: one UTF-8 JSON object per Kafka record value.
 *
 * <pre>{@code
 * {"eventId":"…","type":"payment.succeeded","schemaVersion":1,"provider":"STRIPE",
 *  "providerEventId":"evt_…","orderId":"…","occurredAt":"2026-…Z","receivedAt":"2026-…Z",
 *  "payload":{"paymentRef":"pi_…","amount":{"minor":1099,"currency":"USD"}},
 *  "rawPayload":"{…provider body…}"}
 * }</pre>
 *
 * Unknown fields are ignored when reading, so a newer writer adding fields does not break an older
 * reader. A record of a newer schema version than this code knows is refused rather than misread.
 * Thread-safe.
 */
public final class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec() {
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public byte[] encode(PaymentEnvelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("schemaVersion", envelope.schemaVersion());
        node.put("provider", envelope.provider().name());
        node.put("providerEventId", envelope.providerEventId());
        if (envelope.orderId() != null) {
            node.put("orderId", envelope.orderId());
        }
        if (envelope.subscriptionId() != null) {
            node.put("subscriptionId", envelope.subscriptionId());
        }
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("receivedAt", envelope.receivedAt().toString());
        node.set("payload", mapper.valueToTree(envelope.payload()));
        node.put("rawPayload", envelope.rawPayload());
        node.put("source", envelope.source().wire());
        if (envelope.buyer() != null) {
            node.set("buyer", mapper.valueToTree(envelope.buyer()));
        }
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new EventCodecException("cannot encode event " + envelope.eventId(), e);
        }
    }

    /** An {@code orders.events} record value. */
    public byte[] encode(OrderEventEnvelope envelope) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("schemaVersion", envelope.schemaVersion());
        node.put("orderId", envelope.orderId());
        node.put("sequence", envelope.sequence());
        node.put("status", envelope.status());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.set("payload", mapper.valueToTree(envelope.payload()));
        if (envelope.customer() != null) {
            node.set("customer", mapper.valueToTree(envelope.customer()));
        }
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new EventCodecException("cannot encode order event " + envelope.eventId(), e);
        }
    }

    /** A {@code billing.events} record value; absent fields are left out. */
    public byte[] encode(BillingEvent event) {
        try {
            return mapper.copy().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    .writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new EventCodecException("cannot encode billing event " + event.eventId(), e);
        }
    }

    /** An {@code operations.alerts} record value; absent fields are left out. */
    public byte[] encode(OperatorAlert alert) {
        try {
            return mapper.copy().setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    .writeValueAsBytes(alert);
        } catch (JsonProcessingException e) {
            throw new EventCodecException("cannot encode operator alert " + alert.alertId(), e);
        }
    }

    /** Reads an {@code operations.alerts} record value. */
    public OperatorAlert decodeOperatorAlert(byte[] bytes) {
        try {
            JsonNode node = mapper.readTree(bytes);
            int version = required(node, "schemaVersion").asInt();
            if (version > OperatorAlert.SCHEMA_VERSION) {
                throw new EventCodecException("operator alert schema version " + version + " is newer than "
                        + OperatorAlert.SCHEMA_VERSION);
            }
            return mapper.treeToValue(node, OperatorAlert.class);
        } catch (EventCodecException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EventCodecException("malformed operator alert: " + e.getMessage(), e);
        }
    }

    /** Reads a {@code billing.events} record value. */
    public BillingEvent decodeBillingEvent(byte[] bytes) {
        try {
            JsonNode node = mapper.readTree(bytes);
            int version = required(node, "schemaVersion").asInt();
            if (version > BillingEvent.SCHEMA_VERSION) {
                throw new EventCodecException("billing event schema version " + version + " is newer than "
                        + BillingEvent.SCHEMA_VERSION);
            }
            return mapper.treeToValue(node, BillingEvent.class);
        } catch (EventCodecException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EventCodecException("malformed billing event: " + e.getMessage(), e);
        }
    }

    /** Reads an {@code orders.events} record value. */
    public OrderEventEnvelope decodeOrderEvent(byte[] bytes) {
        try {
            JsonNode node = mapper.readTree(bytes);
            String type = required(node, "type").asText();
            Class<? extends PublishedOrderEvent> payloadType = OrderEventEnvelope.NAMES.entrySet().stream()
                    .filter(e -> e.getValue().equals(type)).map(java.util.Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new EventCodecException("unknown order event type '" + type + "'"));
            return new OrderEventEnvelope(UUID.fromString(required(node, "eventId").asText()), type,
                    required(node, "schemaVersion").asInt(), required(node, "orderId").asText(),
                    required(node, "sequence").asLong(), required(node, "status").asText(),
                    Instant.parse(required(node, "occurredAt").asText()),
                    mapper.treeToValue(required(node, "payload"), payloadType),
                    node.hasNonNull("customer") ? mapper.treeToValue(node.get("customer"), Customer.class) : null);
        } catch (EventCodecException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EventCodecException("malformed order event: " + e.getMessage(), e);
        }
    }

    public PaymentEnvelope decode(byte[] bytes) {
        if (bytes == null) {
            throw new EventCodecException("record has no value");
        }
        JsonNode node;
        try {
            node = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new EventCodecException("record is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new EventCodecException("record is not a JSON object");
        }
        int version = required(node, "schemaVersion").asInt();
        if (version < 1 || version > PaymentEnvelope.SCHEMA_VERSION) {
            throw new EventCodecException("unsupported schema version " + version
                    + " (this reader knows 1.." + PaymentEnvelope.SCHEMA_VERSION + ")");
        }
        String type = required(node, "type").asText();
        Class<? extends ProviderEvent> payloadType = EventTypes.typeOf(type);
        if (payloadType == null) {
            throw new EventCodecException("unknown event type '" + type + "'");
        }
        try {
            ProviderEvent payload = mapper.treeToValue(required(node, "payload"), payloadType);
            JsonNode raw = node.get("rawPayload");
            return new PaymentEnvelope(
                    UUID.fromString(required(node, "eventId").asText()),
                    type,
                    version,
                    Provider.valueOf(required(node, "provider").asText()),
                    required(node, "providerEventId").asText(),
                    optional(node, "orderId"),
                    optional(node, "subscriptionId"),
                    Instant.parse(required(node, "occurredAt").asText()),
                    Instant.parse(required(node, "receivedAt").asText()),
                    payload,
                    raw == null || raw.isNull() ? null : raw.asText(),
                    node.hasNonNull("source") ? EventSource.ofWire(node.get("source").asText()) : EventSource.WEBHOOK,
                    node.hasNonNull("buyer") ? mapper.treeToValue(node.get("buyer"), Customer.class) : null);
        } catch (EventCodecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new EventCodecException("invalid " + type + " event: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new EventCodecException("malformed " + type + " event: " + e.getMessage(), e);
        }
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new EventCodecException("field '" + field + "' is missing");
        }
        return value;
    }
}
