package io.conveyor.contracts.order;

import java.time.Instant;

/** One order as it was at an instant, computed from its events; empty if it did not exist yet. */
public record FindOrderAsOfQuery(String tenant, OrderId orderId, Instant asOf) {}
