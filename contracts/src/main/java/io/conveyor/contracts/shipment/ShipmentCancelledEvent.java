package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** The shipment was called off before dispatch. */
@Revision("1")
public record ShipmentCancelledEvent(ShipmentId shipmentId, OrderId orderId, String reason) {}
