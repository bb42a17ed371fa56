package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** Units were held for an order; carries the resulting stock levels. */
@Revision("1")
public record StockReservedEvent(ProductId productId, OrderId orderId, int quantity, int available, int reserved) {}
