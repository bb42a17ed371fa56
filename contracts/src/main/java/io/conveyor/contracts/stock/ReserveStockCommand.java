package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Holds units of a product for an order; at most one reservation per order. */
public record ReserveStockCommand(@TargetAggregateIdentifier ProductId productId, OrderId orderId, int quantity) {}
