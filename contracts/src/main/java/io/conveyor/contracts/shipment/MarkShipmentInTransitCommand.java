package io.conveyor.contracts.shipment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The carrier has the parcel on its way; where it was seen last, when the carrier says. */
public record MarkShipmentInTransitCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId, String location) {}
