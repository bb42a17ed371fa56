package io.conveyor.contracts.order;

/** One order with its timeline. */
public record FindOrderQuery(String tenant, OrderId orderId) {}
