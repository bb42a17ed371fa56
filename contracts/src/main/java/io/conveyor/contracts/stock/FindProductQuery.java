package io.conveyor.contracts.stock;

/** One product with its stock levels. */
public record FindProductQuery(String tenant, ProductId productId) {}
