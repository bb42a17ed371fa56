package io.conveyor.projection.order;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.order.FindOrderQuery;
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
import io.conveyor.contracts.shipment.ShipmentCreatedEvent;
import io.conveyor.projection.support.LiveUpdates;
import io.conveyor.projection.support.SequencedRow;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/** One order with its timeline of status changes; every change is pushed to the subscribers of that order. */
@Component
@ProcessingGroup(OrderViewProjection.GROUP)
public class OrderViewProjection {
    public static final String GROUP = "order-view";

    private final OrderViewRepository orders;
    private final LiveUpdates updates;

    OrderViewProjection(OrderViewRepository orders, LiveUpdates updates) {
        this.orders = orders;
        this.updates = updates;
    }

    @EventHandler
    void on(
            OrderPlacedEvent e,
            @Timestamp Instant at,
            @SequenceNumber long sequence,
            @MetaDataValue(TenantMetadata.KEY) String tenant) {
        if (orders.existsById(e.orderId().value())) {
            return; // redelivered
        }
        OrderViewEntity order =
                new OrderViewEntity(e.orderId(), e.customerId(), e.lines(), e.totalMinor(), e.currency(), at, sequence);
        order.ownedBy(tenant);
        publish(orders.save(order));
    }

    @EventHandler
    void on(OrderStockReservedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.STOCK_RESERVED, null, at, sequence);
    }

    @EventHandler
    void on(OrderPaidEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.PAID, null, at, sequence);
    }

    @EventHandler
    void on(OrderShippedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.SHIPPED, null, at, sequence);
    }

    @EventHandler
    void on(OrderDeliveredEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.DELIVERED, null, at, sequence);
    }

    @EventHandler
    void on(OrderRejectedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.REJECTED, e.reason(), at, sequence);
    }

    @EventHandler
    void on(OrderCancelledEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.CANCELLED, e.reason(), at, sequence);
    }

    @EventHandler
    void on(OrderReturnedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.RETURNED, e.reason(), at, sequence);
    }

    /** Comes from the shipment's own stream, so its sequence says nothing about the order's; assigning is idempotent. */
    @EventHandler
    void on(ShipmentCreatedEvent e, @Timestamp Instant at) {
        orders.findById(e.orderId().value())
                .filter(order -> order.shipmentAssigned(e.shipmentId(), at))
                .ifPresent(this::publish);
    }

    @ResetHandler
    void reset() {
        orders.deleteAllInBatch();
    }

    private void statusChanged(OrderId orderId, OrderStatus status, String reason, Instant at, long sequence) {
        SequencedRow.applyOnce(orders, orderId.value(), sequence, order -> {
            order.statusChanged(status, reason, at, sequence);
            publish(order);
        });
    }

    private void publish(OrderViewEntity order) {
        OrderView view = order.toView();
        updates.emit(FindOrderQuery.class, List.of(new FindOrderQuery(order.tenant(), view.orderId())), view);
    }
}
