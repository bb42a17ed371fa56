package io.conveyor.contracts.shipment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give up delivering a shipment: it goes back to the warehouse. */
public record ReturnShipmentCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId, String reason) {}
