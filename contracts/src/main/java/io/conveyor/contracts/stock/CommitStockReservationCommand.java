package io.conveyor.contracts.stock;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The reserved units left the warehouse: the reservation is consumed. */
public record CommitStockReservationCommand(
        @TargetAggregateIdentifier ProductId productId, OrderId orderId) {}
