package io.conveyor.contracts.shipment;

/** One shipment. */
public record FindShipmentQuery(ShipmentId shipmentId) {}
