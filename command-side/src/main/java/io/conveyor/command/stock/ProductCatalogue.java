package io.conveyor.command.stock;

import io.conveyor.contracts.stock.ProductId;
import java.util.Optional;

/**
 * What commands need to know about the catalogue: whether a SKU is taken, and the price orders are placed at. Each
 * tenant has a catalogue of its own.
 */
public interface ProductCatalogue {
    boolean isSkuTaken(String tenant, String sku);

    /** Empty when the product is unknown, or belongs to another tenant. */
    Optional<Price> priceOf(String tenant, ProductId productId);

    /** A unit price in minor units of its currency. */
    record Price(long amountMinor, String currency) {}
}
