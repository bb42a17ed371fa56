package io.conveyor.contracts.stock;

import org.axonframework.serialization.Revision;

/**
 * A product was created with its opening stock.
 *
 * <p>Revision 2 names the price {@code unitPriceMinor}, as order lines do; revision 1 called it {@code priceMinor},
 * and stored revision-1 events are upcast when read.
 */
@Revision("2")
public record ProductCreatedEvent(
        ProductId productId, String sku, String name, long unitPriceMinor, String currency, int initialStock) {}
