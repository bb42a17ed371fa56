package io.conveyor.contracts.order;

import java.time.Instant;

/** An order in a listing. */
public record OrderSummary(
        OrderId orderId,
        CustomerId customerId,
        OrderStatus status,
        int lineCount,
        long totalMinor,
        String currency,
        Instant placedAt,
        Instant updatedAt,
        long version) {}
