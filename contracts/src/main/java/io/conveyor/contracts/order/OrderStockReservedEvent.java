package io.conveyor.contracts.order;

import org.axonframework.serialization.Revision;

/** Every line of the order holds its stock. */
@Revision("1")
public record OrderStockReservedEvent(OrderId orderId) {}
