package io.conveyor.contracts.shipment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The shipment reached the customer. */
public record DeliverShipmentCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId) {}
