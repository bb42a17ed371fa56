package io.conveyor.projection.order;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.order.OrderCancelledEvent;
import io.conveyor.contracts.order.OrderDeliveredEvent;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderPaidEvent;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.order.OrderRejectedEvent;
import io.conveyor.contracts.order.OrderReturnedEvent;
import io.conveyor.contracts.order.OrderShippedEvent;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderStockReservedEvent;
import io.conveyor.contracts.order.OrderView;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

/**
 * An order's view as it was at an instant: the order's own events up to then, applied to a fresh row in memory with
 * the same entity methods the projection uses, plus its shipment if the shipment's first event came by then. Nothing
 * is stored.
 */
@Component
public class OrderViewAsOf {
    private final EventStorageEngine events; // not the event store: it would start at a snapshot
    private final OrderViewRepository orders;

    OrderViewAsOf(EventStorageEngine events, OrderViewRepository orders) {
        this.events = events;
        this.orders = orders;
    }

    public Optional<OrderView> at(String tenant, OrderId orderId, Instant asOf) {
        OrderViewEntity order = null;
        var stream = events.readEvents(orderId.value());
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getSequenceNumber() == 0
                    && !tenant.equals(
                            TenantMetadata.orDefault(event.getMetaData().get(TenantMetadata.KEY)))) {
                return Optional.empty(); // another tenant's
            }
            Instant at = event.getTimestamp();
            if (at.isAfter(asOf)) {
                break;
            }
            order = apply(order, event.getPayload(), at, event.getSequenceNumber());
        }
        if (order == null) {
            return Optional.empty();
        }
        OrderViewEntity placed = order;
        // the order's shipment, as the projection knows it, if the shipment had been created by then
        orders.findById(orderId.value())
                .map(OrderViewEntity::toView)
                .map(OrderView::shipmentId)
                .ifPresent(shipmentId -> {
                    var created = events.readEvents(shipmentId.value());
                    if (created.hasNext()) {
                        Instant at = created.next().getTimestamp();
                        if (!at.isAfter(asOf)) {
                            placed.shipmentAssigned(shipmentId, at);
                        }
                    }
                });
        return Optional.of(placed.toView());
    }

    /** The projection's reading of each event of the order (see {@link OrderViewProjection}). */
    private static OrderViewEntity apply(OrderViewEntity order, Object payload, Instant at, long sequence) {
        if (payload instanceof OrderPlacedEvent e) {
            return new OrderViewEntity(
                    e.orderId(), e.customerId(), e.lines(), e.totalMinor(), e.currency(), at, sequence);
        }
        if (order == null) {
            return null;
        }
        if (payload instanceof OrderStockReservedEvent) {
            order.statusChanged(OrderStatus.STOCK_RESERVED, null, at, sequence);
        } else if (payload instanceof OrderPaidEvent) {
            order.statusChanged(OrderStatus.PAID, null, at, sequence);
        } else if (payload instanceof OrderShippedEvent) {
            order.statusChanged(OrderStatus.SHIPPED, null, at, sequence);
        } else if (payload instanceof OrderDeliveredEvent) {
            order.statusChanged(OrderStatus.DELIVERED, null, at, sequence);
        } else if (payload instanceof OrderRejectedEvent e) {
            order.statusChanged(OrderStatus.REJECTED, e.reason(), at, sequence);
        } else if (payload instanceof OrderCancelledEvent e) {
            order.statusChanged(OrderStatus.CANCELLED, e.reason(), at, sequence);
        } else if (payload instanceof OrderReturnedEvent e) {
            order.statusChanged(OrderStatus.RETURNED, e.reason(), at, sequence);
        }
        return order;
    }
}
