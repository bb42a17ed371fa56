package io.conveyor.contracts.stock;

/** One product with its stock levels. */
public record FindProductQuery(ProductId productId) {}
