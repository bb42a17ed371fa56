package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** An order asked for more units than were available; nothing was held. */
@Revision("1")
public record StockReservationRejectedEvent(ProductId productId, OrderId orderId, int requested, int available) {}
