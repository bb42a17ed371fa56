package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates the shipment of a paid order. */
public record CreateShipmentCommand(
        @TargetAggregateIdentifier ShipmentId shipmentId, OrderId orderId, List<OrderLine> lines) {}
