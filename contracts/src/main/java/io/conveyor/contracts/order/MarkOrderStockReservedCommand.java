package io.conveyor.contracts.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every line of the order holds its stock. */
public record MarkOrderStockReservedCommand(
        @TargetAggregateIdentifier OrderId orderId) {}
