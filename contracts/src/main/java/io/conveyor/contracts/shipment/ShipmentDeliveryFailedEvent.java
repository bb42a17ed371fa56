package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** A delivery attempt failed; {@code attempt} counts the attempts so far, from 1. */
@Revision("1")
public record ShipmentDeliveryFailedEvent(ShipmentId shipmentId, OrderId orderId, int attempt, String reason) {}
