package io.conveyor.contracts.stock;

/** A product and its stock as clients see it. */
public record ProductView(
        ProductId productId,
        String sku,
        String name,
        long priceMinor,
        String currency,
        int available,
        int reserved,
        long version) {}
