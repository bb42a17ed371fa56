package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** An order's held units shipped and left the stock for good. */
@Revision("1")
public record StockReservationCommittedEvent(
        ProductId productId, OrderId orderId, int quantity, int available, int reserved) {}
