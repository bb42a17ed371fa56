package io.conveyor.contracts.shipment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The shipment leaves the warehouse. */
public record DispatchShipmentCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId) {}
