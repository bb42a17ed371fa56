package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** The carrier has the parcel on its way. */
@Revision("1")
public record ShipmentInTransitEvent(ShipmentId shipmentId, OrderId orderId, String location) {}
