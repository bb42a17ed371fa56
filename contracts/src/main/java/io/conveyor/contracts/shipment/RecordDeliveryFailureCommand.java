package io.conveyor.contracts.shipment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The carrier could not hand the parcel over, and why. */
public record RecordDeliveryFailureCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId, String reason) {}
