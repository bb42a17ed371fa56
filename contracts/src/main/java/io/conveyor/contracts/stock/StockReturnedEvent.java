package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** Units of a shipped order came back and are available again. */
@Revision("1")
public record StockReturnedEvent(
        ProductId productId, OrderId orderId, int quantity, int available, int reserved, String reason) {}
