package io.conveyor.contracts.order;

import io.conveyor.contracts.shipment.ShipmentId;
import java.time.Instant;
import java.util.List;

/** An order as clients see it, with the history of its status. */
public record OrderView(
        OrderId orderId,
        CustomerId customerId,
        OrderStatus status,
        List<OrderLine> lines,
        long totalMinor,
        String currency,
        ShipmentId shipmentId,
        String rejectionReason,
        List<TimelineEntry> timeline,
        Instant placedAt,
        Instant updatedAt,
        long version) {}
