package io.conveyor.command.stock;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * The catalogue table, kept by a subscribing processor in the transaction that stores the product's events: a command
 * right after a product's creation already sees it, and the unique key on tenant and sku stops two concurrent creations of one
 * SKU (the second transaction fails and its events are not stored).
 */
@Component
@ProcessingGroup(JpaProductCatalogue.GROUP)
public class JpaProductCatalogue implements ProductCatalogue {
    public static final String GROUP = "product-catalogue";

    private final CatalogueEntryRepository entries;

    JpaProductCatalogue(CatalogueEntryRepository entries) {
        this.entries = entries;
    }

    @Override
    public boolean isSkuTaken(String tenant, String sku) {
        return entries.existsByTenantAndSku(tenant, sku);
    }

    @Override
    public Optional<Price> priceOf(String tenant, ProductId productId) {
        return entries.findById(productId.value())
                .filter(e -> e.tenant().equals(tenant))
                .map(e -> new Price(e.priceMinor(), e.currency()));
    }

    @EventHandler
    void on(ProductCreatedEvent e, @MetaDataValue(TenantMetadata.KEY) String tenant) {
        entries.saveAndFlush(new CatalogueEntry(
                e.productId().value(), TenantMetadata.orDefault(tenant), e.sku(), e.unitPriceMinor(), e.currency()));
    }
}
