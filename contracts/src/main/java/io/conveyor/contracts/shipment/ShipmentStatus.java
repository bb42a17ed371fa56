package io.conveyor.contracts.shipment;

/** Where a shipment stands. */
public enum ShipmentStatus {
    CREATED,
    DISPATCHED,
    DELIVERED,
    CANCELLED
}
