package io.conveyor.command.stock;

import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The catalogue table, kept by a subscribing processor in the transaction that stores the product's events: a command
 * right after a product's creation already sees it, and the unique key on sku stops two concurrent creations of one
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
    public boolean isSkuTaken(String sku) {
        return entries.existsBySku(sku);
    }

    @Override
    public Optional<Price> priceOf(ProductId productId) {
        return entries.findById(productId.value()).map(e -> new Price(e.priceMinor(), e.currency()));
    }

    @EventHandler
    void on(ProductCreatedEvent e) {
        entries.saveAndFlush(new CatalogueEntry(e.productId().value(), e.sku(), e.unitPriceMinor(), e.currency()));
    }
}
