package io.conveyor.contracts.order;

import io.conveyor.contracts.shipment.ShipmentId;
import org.axonframework.serialization.Revision;

/** The order's shipment left the warehouse. */
@Revision("1")
public record OrderShippedEvent(OrderId orderId, ShipmentId shipmentId) {}
