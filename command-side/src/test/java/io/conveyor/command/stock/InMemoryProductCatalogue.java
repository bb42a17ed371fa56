package io.conveyor.command.stock;

import io.conveyor.contracts.stock.ProductId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The catalogue as a map, for aggregate tests that run without a database. */
public class InMemoryProductCatalogue implements ProductCatalogue {
    private final Map<ProductId, Price> prices = new HashMap<>();
    private final Map<String, ProductId> skus = new HashMap<>();

    public InMemoryProductCatalogue with(ProductId productId, String sku, long priceMinor, String currency) {
        prices.put(productId, new Price(priceMinor, currency));
        skus.put(sku, productId);
        return this;
    }

    @Override
    public boolean isSkuTaken(String sku) {
        return skus.containsKey(sku);
    }

    @Override
    public Optional<Price> priceOf(ProductId productId) {
        return Optional.ofNullable(prices.get(productId));
    }
}
