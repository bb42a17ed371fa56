package io.conveyor.contracts.order;

import io.conveyor.contracts.stock.ProductId;

/** A priced line of a placed order. */
public record OrderLine(ProductId productId, int quantity, long unitPriceMinor) {}
