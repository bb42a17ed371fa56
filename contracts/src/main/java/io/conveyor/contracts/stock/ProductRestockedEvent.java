package io.conveyor.contracts.stock;

import org.axonframework.serialization.Revision;

/** Units were added; carries the resulting stock levels. */
@Revision("1")
public record ProductRestockedEvent(ProductId productId, int quantity, int available, int reserved) {}
