package io.conveyor.contracts.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order cannot be fulfilled; reason is a stable code such as insufficient-stock. */
public record RejectOrderCommand(@TargetAggregateIdentifier OrderId orderId, String reason) {}
