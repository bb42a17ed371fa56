package io.conveyor.contracts.stock;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Creates a product with its catalogue data and opening stock. */
public record CreateProductCommand(
        @TargetAggregateIdentifier ProductId productId,
        String sku,
        String name,
        long priceMinor,
        String currency,
        int initialStock) {}
