package io.conveyor.contracts.order;

import org.axonframework.serialization.Revision;

/** The order was withdrawn; statusAtCancellation tells what had to be undone. */
@Revision("1")
public record OrderCancelledEvent(OrderId orderId, String reason, OrderStatus statusAtCancellation) {}
