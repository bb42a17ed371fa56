package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives an order's reservation back to available stock; a no-op when there is none. */
public record ReleaseStockCommand(@TargetAggregateIdentifier ProductId productId, OrderId orderId, String reason) {}
