package io.conveyor.contracts.order;

import org.axonframework.serialization.Revision;

/** The order could not be fulfilled. */
@Revision("1")
public record OrderRejectedEvent(OrderId orderId, String reason) {}
