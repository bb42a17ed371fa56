package io.conveyor.command.stock;

import io.conveyor.contracts.stock.ProductId;
import java.util.Optional;

/** What commands need to know about the catalogue: whether a SKU is taken, and the price orders are placed at. */
public interface ProductCatalogue {
    boolean isSkuTaken(String sku);

    Optional<Price> priceOf(ProductId productId);

    /** A unit price in minor units of its currency. */
    record Price(long amountMinor, String currency) {}
}
