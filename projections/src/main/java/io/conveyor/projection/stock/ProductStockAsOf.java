package io.conveyor.projection.stock;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.contracts.stock.StockReleasedEvent;
import io.conveyor.contracts.stock.StockReservationCommittedEvent;
import io.conveyor.contracts.stock.StockReservedEvent;
import io.conveyor.contracts.stock.StockReturnedEvent;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

/**
 * A product's stock as it was at an instant: its events up to then, applied in memory with the same entity methods
 * the projection uses. Stock events carry the resulting levels, so the last one before the instant decides them.
 */
@Component
public class ProductStockAsOf {
    private final EventStorageEngine events; // not the event store: it would start at a snapshot

    ProductStockAsOf(EventStorageEngine events) {
        this.events = events;
    }

    public Optional<ProductView> at(String tenant, ProductId productId, Instant asOf) {
        ProductStockEntity product = null;
        var stream = events.readEvents(productId.value());
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getSequenceNumber() == 0
                    && !tenant.equals(
                            TenantMetadata.orDefault(event.getMetaData().get(TenantMetadata.KEY)))) {
                return Optional.empty(); // another tenant's
            }
            if (event.getTimestamp().isAfter(asOf)) {
                break;
            }
            Object payload = event.getPayload();
            long sequence = event.getSequenceNumber();
            if (payload instanceof ProductCreatedEvent e) {
                product = new ProductStockEntity(
                        e.productId().value(),
                        e.sku(),
                        e.name(),
                        e.unitPriceMinor(),
                        e.currency(),
                        e.initialStock(),
                        sequence);
            } else if (product != null) {
                if (payload instanceof ProductRestockedEvent e) {
                    product.stockChanged(e.available(), e.reserved(), sequence);
                } else if (payload instanceof StockReservedEvent e) {
                    product.stockChanged(e.available(), e.reserved(), sequence);
                } else if (payload instanceof StockReleasedEvent e) {
                    product.stockChanged(e.available(), e.reserved(), sequence);
                } else if (payload instanceof StockReservationCommittedEvent e) {
                    product.stockChanged(e.available(), e.reserved(), sequence);
                } else if (payload instanceof StockReturnedEvent e) {
                    product.stockChanged(e.available(), e.reserved(), sequence);
                }
            }
        }
        return Optional.ofNullable(product).map(ProductStockEntity::toView);
    }
}
