package io.paybus.order.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** An order's id: the merchant's order reference, or a provider reference for adopted orders. */
public record OrderId(String value) {

    public OrderId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 255) {
            throw new IllegalArgumentException("order id must be 1..255 characters");
        }
    }

    @JsonCreator
    public static OrderId of(String value) {
        return new OrderId(value);
    }

    /** The plain id: Axon stores aggregate identifiers by {@code toString()}. */
    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
