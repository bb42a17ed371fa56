package io.conveyor.contracts.order;

/** A page of order summaries, newest first; status and customerId filter when not null. */
public record ListOrdersQuery(String tenant, OrderStatus status, CustomerId customerId, int page, int size) {}
