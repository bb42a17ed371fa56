package io.conveyor.contracts.order;

import io.conveyor.contracts.stock.ProductId;

/** A line as a client asks for it: which product and how many. */
public record OrderLineRequest(ProductId productId, int quantity) {}
