package io.conveyor.contracts.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.conveyor.contracts.common.Ids;

/** Identifies a customer; serialised as its plain string value. */
public record CustomerId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CustomerId {
        Ids.requireText(value, "customerId");
    }

    @Override
    public String toString() {
        return value;
    }
}
