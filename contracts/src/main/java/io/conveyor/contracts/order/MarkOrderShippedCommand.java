package io.conveyor.contracts.order;

import io.conveyor.contracts.shipment.ShipmentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order's shipment left the warehouse. */
public record MarkOrderShippedCommand(
        @TargetAggregateIdentifier OrderId orderId, ShipmentId shipmentId) {}
