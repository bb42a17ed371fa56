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
import io.conveyor.contracts.order.OrderSummary;
import io.conveyor.contracts.order.WatchOrderSummariesQuery;
import io.conveyor.projection.support.LiveUpdates;
import io.conveyor.projection.support.SequencedRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * One row per order for listings; each change goes to the tenant's watchers of all orders, of the status the order reached and
 * of the status it left.
 */
@Component
@ProcessingGroup(OrderSummaryProjection.GROUP)
public class OrderSummaryProjection {
    public static final String GROUP = "order-summary";

    private final OrderSummaryRepository summaries;
    private final LiveUpdates updates;

    OrderSummaryProjection(OrderSummaryRepository summaries, LiveUpdates updates) {
        this.summaries = summaries;
        this.updates = updates;
    }

    @EventHandler
    void on(OrderPlacedEvent e, @Timestamp Instant at, @MetaDataValue(TenantMetadata.KEY) String tenant) {
        if (summaries.existsById(e.orderId().value())) {
            return; // redelivered
        }
        OrderSummaryEntity summary =
                new OrderSummaryEntity(e.orderId(), e.customerId(), e.lines().size(), e.totalMinor(), e.currency(), at);
        summary.ownedBy(tenant);
        publish(summaries.save(summary));
    }

    @EventHandler
    void on(OrderStockReservedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.STOCK_RESERVED, at, sequence);
    }

    @EventHandler
    void on(OrderPaidEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.PAID, at, sequence);
    }

    @EventHandler
    void on(OrderShippedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.SHIPPED, at, sequence);
    }

    @EventHandler
    void on(OrderDeliveredEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.DELIVERED, at, sequence);
    }

    @EventHandler
    void on(OrderRejectedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.REJECTED, at, sequence);
    }

    @EventHandler
    void on(OrderCancelledEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.CANCELLED, at, sequence);
    }

    @EventHandler
    void on(OrderReturnedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.orderId(), OrderStatus.RETURNED, at, sequence);
    }

    @ResetHandler
    void reset() {
        summaries.deleteAllInBatch();
    }

    private void statusChanged(OrderId orderId, OrderStatus status, Instant at, long sequence) {
        SequencedRow.applyOnce(summaries, orderId.value(), sequence, summary -> {
            OrderStatus before = summary.status();
            summary.statusChanged(status, at, sequence);
            publish(summary, before);
        });
    }

    private void publish(OrderSummaryEntity summary) {
        publish(summary, null);
    }

    /** Watchers of the old status hear that the order left it; watchers of the new one, that it arrived. */
    private void publish(OrderSummaryEntity summary, OrderStatus before) {
        OrderSummary view = summary.toSummary();
        List<WatchOrderSummariesQuery> watchers = new ArrayList<>();
        String tenant = summary.tenant();
        watchers.add(new WatchOrderSummariesQuery(tenant, null));
        watchers.add(new WatchOrderSummariesQuery(tenant, view.status()));
        if (before != null && before != view.status()) {
            watchers.add(new WatchOrderSummariesQuery(tenant, before));
        }
        updates.emit(WatchOrderSummariesQuery.class, watchers, view);
    }
}
