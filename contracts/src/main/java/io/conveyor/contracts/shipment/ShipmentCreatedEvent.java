package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A shipment was created for a paid order. */
@Revision("1")
public record ShipmentCreatedEvent(ShipmentId shipmentId, OrderId orderId, List<OrderLine> lines) {}
