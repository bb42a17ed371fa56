package io.conveyor.contracts.stock;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.conveyor.contracts.common.Ids;

/** Identifies a product; serialised as its plain string value. */
public record ProductId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ProductId {
        Ids.requireText(value, "productId");
    }

    public static ProductId random() {
        return new ProductId(Ids.random("prd"));
    }

    @Override
    public String toString() {
        return value;
    }
}
