package io.conveyor.contracts.order;

import io.conveyor.contracts.shipment.ShipmentId;
import org.axonframework.serialization.Revision;

/** The order's shipment came back undelivered; its payment is refunded and its stock returned. */
@Revision("1")
public record OrderReturnedEvent(OrderId orderId, ShipmentId shipmentId, String reason) {}
