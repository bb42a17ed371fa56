package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import java.util.List;
import org.axonframework.serialization.Revision;

/** The shipment left the warehouse. */
@Revision("1")
public record ShipmentDispatchedEvent(ShipmentId shipmentId, OrderId orderId, List<OrderLine> lines) {}
