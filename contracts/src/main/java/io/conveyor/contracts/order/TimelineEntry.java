package io.conveyor.contracts.order;

import java.time.Instant;

/** One status change of an order. */
public record TimelineEntry(OrderStatus status, Instant at, String reason) {}
