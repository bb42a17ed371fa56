package io.conveyor.projection.stock;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.stock.FindProductQuery;
import io.conveyor.contracts.stock.ListProductsQuery;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.contracts.stock.StockReleasedEvent;
import io.conveyor.contracts.stock.StockReservationCommittedEvent;
import io.conveyor.contracts.stock.StockReservedEvent;
import io.conveyor.contracts.stock.StockReturnedEvent;
import io.conveyor.projection.support.LiveUpdates;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * Stock levels per product. Events carry the resulting levels, so applying one is an overwrite, never a sum: one
 * statement per event ({@link ProductStockRows}), and the row read back only when a live update goes out.
 */
@Component
@ProcessingGroup(ProductStockProjection.GROUP)
public class ProductStockProjection {
    public static final String GROUP = "product-stock";

    private final ProductStockRows products;
    private final LiveUpdates updates;

    ProductStockProjection(ProductStockRows products, LiveUpdates updates) {
        this.products = products;
        this.updates = updates;
    }

    @EventHandler
    void on(ProductCreatedEvent e, @SequenceNumber long sequence, @MetaDataValue(TenantMetadata.KEY) String tenant) {
        ProductView product = new ProductView(
                e.productId(), e.sku(), e.name(), e.unitPriceMinor(), e.currency(), e.initialStock(), 0, sequence);
        String owner = TenantMetadata.orDefault(tenant);
        if (products.create(product, owner)) { // else redelivered
            publish(owner, product);
        }
    }

    @EventHandler
    void on(ProductRestockedEvent e, @SequenceNumber long sequence) {
        stockChanged(e.productId(), e.available(), e.reserved(), sequence);
    }

    @EventHandler
    void on(StockReservedEvent e, @SequenceNumber long sequence) {
        stockChanged(e.productId(), e.available(), e.reserved(), sequence);
    }

    @EventHandler
    void on(StockReleasedEvent e, @SequenceNumber long sequence) {
        stockChanged(e.productId(), e.available(), e.reserved(), sequence);
    }

    @EventHandler
    void on(StockReservationCommittedEvent e, @SequenceNumber long sequence) {
        stockChanged(e.productId(), e.available(), e.reserved(), sequence);
    }

    @EventHandler
    void on(StockReturnedEvent e, @SequenceNumber long sequence) {
        stockChanged(e.productId(), e.available(), e.reserved(), sequence);
    }

    @ResetHandler
    void reset() {
        products.deleteAll();
    }

    private void stockChanged(ProductId productId, int available, int reserved, long sequence) {
        if (products.stockChanged(productId, available, reserved, sequence) && updates.wanted()) {
            products.find(productId).ifPresent(row -> publish(row.tenant(), row.view()));
        }
    }

    private void publish(String tenant, ProductView view) {
        updates.emit(FindProductQuery.class, List.of(new FindProductQuery(tenant, view.productId())), view);
        updates.emit(ListProductsQuery.class, List.of(new ListProductsQuery(tenant)), view);
    }
}
