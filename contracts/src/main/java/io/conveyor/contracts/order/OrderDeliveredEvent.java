package io.conveyor.contracts.order;

import io.conveyor.contracts.shipment.ShipmentId;
import org.axonframework.serialization.Revision;

/** The order's shipment reached the customer. */
@Revision("1")
public record OrderDeliveredEvent(OrderId orderId, ShipmentId shipmentId) {}
