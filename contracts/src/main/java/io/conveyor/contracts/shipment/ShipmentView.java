package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import java.time.Instant;
import java.util.List;

/** A shipment as clients see it. */
public record ShipmentView(
        ShipmentId shipmentId,
        OrderId orderId,
        ShipmentStatus status,
        List<OrderLine> lines,
        Instant createdAt,
        Instant dispatchedAt,
        Instant deliveredAt,
        long version) {}
