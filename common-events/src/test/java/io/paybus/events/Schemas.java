package io.paybus.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The published JSON Schemas of this module, to validate records against in tests. */
public final class Schemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Schemas() {
    }

    public static final JsonSchema ORDERS_EVENTS = load("schemas/orders.events.schema.json");
    public static final JsonSchema BILLING_EVENTS = load("schemas/billing.events.schema.json");
    public static final JsonSchema PAYMENTS_INBOUND = load("schemas/payments.inbound.schema.json");
    public static final JsonSchema OPERATIONS_ALERTS = load("schemas/operations.alerts.schema.json");

    /** Violations of {@code schema} by a record value; empty when it validates. */
    public static Set<ValidationMessage> violations(JsonSchema schema, byte[] json) {
        try {
            return schema.validate(MAPPER.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(resource)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
