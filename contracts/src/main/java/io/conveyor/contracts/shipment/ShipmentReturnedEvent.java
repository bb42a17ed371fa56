package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Delivery was given up: the parcel and its lines go back to the warehouse. */
@Revision("1")
public record ShipmentReturnedEvent(ShipmentId shipmentId, OrderId orderId, List<OrderLine> lines, String reason) {}
