package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Units of a shipped order came back to the warehouse; once per order and product. */
public record ReturnStockCommand(
        @TargetAggregateIdentifier ProductId productId, OrderId orderId, int quantity, String reason) {}
