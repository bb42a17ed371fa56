package io.conveyor.contracts.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The customer withdraws the order; allowed until it ships. */
public record CancelOrderCommand(@TargetAggregateIdentifier OrderId orderId, String reason) {}
