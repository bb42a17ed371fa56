package io.conveyor.contracts.shipment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Try to deliver a shipment once more after a failed attempt. */
public record RetryDeliveryCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId) {}
