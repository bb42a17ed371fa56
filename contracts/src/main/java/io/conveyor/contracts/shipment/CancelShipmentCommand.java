package io.conveyor.contracts.shipment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order was cancelled before dispatch. */
public record CancelShipmentCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId, String reason) {}
