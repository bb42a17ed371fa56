package io.conveyor.contracts.order;

import io.conveyor.contracts.shipment.ShipmentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order's shipment could not be delivered and came back; the order is refunded. */
public record MarkOrderReturnedCommand(
        @TargetAggregateIdentifier OrderId orderId, ShipmentId shipmentId, String reason) {}
