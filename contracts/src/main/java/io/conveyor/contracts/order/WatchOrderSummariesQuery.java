package io.conveyor.contracts.order;

/** Subscription to summary changes of all orders, or of those in one status when status is not null. */
public record WatchOrderSummariesQuery(String tenant, OrderStatus status) {}
