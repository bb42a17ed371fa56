package io.conveyor.contracts.shipment;

/** One shipment. */
public record FindShipmentQuery(String tenant, ShipmentId shipmentId) {}
