package io.conveyor.contracts.stock;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds units to a product's available stock. */
public record RestockProductCommand(
        @TargetAggregateIdentifier ProductId productId, int quantity) {}
