package io.conveyor.contracts.stock;

import org.axonframework.serialization.Revision;

/** A product was created with its opening stock. */
@Revision("1")
public record ProductCreatedEvent(
        ProductId productId, String sku, String name, long priceMinor, String currency, int initialStock) {}
