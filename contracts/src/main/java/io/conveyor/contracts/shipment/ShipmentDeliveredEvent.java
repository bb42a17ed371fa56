package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** The shipment reached the customer. */
@Revision("1")
public record ShipmentDeliveredEvent(ShipmentId shipmentId, OrderId orderId) {}
