package io.conveyor.contracts.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.conveyor.contracts.common.Ids;

/** Identifies an order; serialised as its plain string value. */
public record OrderId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderId {
        Ids.requireText(value, "orderId");
    }

    public static OrderId random() {
        return new OrderId(Ids.random("ord"));
    }

    @Override
    public String toString() {
        return value;
    }
}
