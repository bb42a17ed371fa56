package io.conveyor.contracts.shipment;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import java.time.Instant;
import java.util.List;

/**
 * A shipment as clients see it: {@code location} is where the carrier saw it last, {@code failedDeliveries} how many
 * delivery attempts failed, and {@code deliveryFailure} why the last one did.
 */
public record ShipmentView(
        ShipmentId shipmentId,
        OrderId orderId,
        ShipmentStatus status,
        List<OrderLine> lines,
        Instant createdAt,
        Instant dispatchedAt,
        Instant deliveredAt,
        String location,
        int failedDeliveries,
        String deliveryFailure,
        long version) {}
