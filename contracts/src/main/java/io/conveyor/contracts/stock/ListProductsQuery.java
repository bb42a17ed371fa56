package io.conveyor.contracts.stock;

/** Every product, ordered by SKU; as a subscription, every stock change. */
public record ListProductsQuery(String tenant) {}
