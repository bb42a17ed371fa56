package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** An order's held units went back to available stock. */
@Revision("1")
public record StockReleasedEvent(
        ProductId productId, OrderId orderId, int quantity, int available, int reserved, String reason) {}
