package io.conveyor.contracts.shipment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.conveyor.contracts.common.Ids;

/** Identifies a shipment; serialised as its plain string value. */
public record ShipmentId(@JsonValue String value) {
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public ShipmentId {
        Ids.requireText(value, "shipmentId");
    }

    public static ShipmentId random() {
        return new ShipmentId(Ids.random("shp"));
    }

    @Override
    public String toString() {
        return value;
    }
}
