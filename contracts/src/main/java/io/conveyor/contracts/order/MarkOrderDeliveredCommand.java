package io.conveyor.contracts.order;

import io.conveyor.contracts.shipment.ShipmentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order's shipment reached the customer. */
public record MarkOrderDeliveredCommand(
        @TargetAggregateIdentifier OrderId orderId, ShipmentId shipmentId) {}
