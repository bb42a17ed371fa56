package io.conveyor.contracts.order;

/** One order with its timeline. */
public record FindOrderQuery(OrderId orderId) {}
