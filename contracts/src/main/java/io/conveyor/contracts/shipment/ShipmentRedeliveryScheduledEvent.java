package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** The parcel goes out again; {@code attempt} is the number of the coming attempt. */
@Revision("1")
public record ShipmentRedeliveryScheduledEvent(ShipmentId shipmentId, OrderId orderId, int attempt) {}
