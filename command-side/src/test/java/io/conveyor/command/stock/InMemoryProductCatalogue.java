package io.conveyor.command.stock;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.stock.ProductId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The catalogue as maps, one catalogue per tenant, for aggregate tests that run without a database. */
public class InMemoryProductCatalogue implements ProductCatalogue {
    private final Map<String, Map<ProductId, Price>> prices = new HashMap<>();
    private final Map<String, Map<String, ProductId>> skus = new HashMap<>();

    /** A product of the default tenant. */
    public InMemoryProductCatalogue with(ProductId productId, String sku, long priceMinor, String currency) {
        return with(TenantMetadata.DEFAULT, productId, sku, priceMinor, currency);
    }

    public InMemoryProductCatalogue with(
            String tenant, ProductId productId, String sku, long priceMinor, String currency) {
        prices.computeIfAbsent(tenant, t -> new HashMap<>()).put(productId, new Price(priceMinor, currency));
        skus.computeIfAbsent(tenant, t -> new HashMap<>()).put(sku, productId);
        return this;
    }

    @Override
    public boolean isSkuTaken(String tenant, String sku) {
        return skus.getOrDefault(tenant, Map.of()).containsKey(sku);
    }

    @Override
    public Optional<Price> priceOf(String tenant, ProductId productId) {
        return Optional.ofNullable(prices.getOrDefault(tenant, Map.of()).get(productId));
    }
}
