package io.conveyor.projection.order;

import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderSummary;
import io.conveyor.projection.support.SequencedRow;
import io.conveyor.projection.support.TenantRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "order_summary")
public class OrderSummaryEntity extends TenantRow implements SequencedRow {
    @Id
    @Column(name = "order_id")
    private String orderId;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private OrderStatus status;

    @Column(name = "line_count", nullable = false)
    private int lineCount;

    @Column(name = "total_minor", nullable = false)
    private long totalMinor;

    @Column(name = "currency", nullable = false)
    private String currency;

    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** The order's last applied event sequence: redeliveries at or below it are skipped; clients see it as version. */
    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    protected OrderSummaryEntity() {
        // for JPA
    }

    OrderSummaryEntity(
            OrderId orderId, CustomerId customerId, int lineCount, long totalMinor, String currency, Instant at) {
        this.orderId = orderId.value();
        this.customerId = customerId.value();
        this.status = OrderStatus.PLACED;
        this.lineCount = lineCount;
        this.totalMinor = totalMinor;
        this.currency = currency;
        this.placedAt = at;
        this.updatedAt = at;
    }

    @Override
    public boolean hasApplied(long sequence) {
        return sequence <= lastSequence;
    }

    void statusChanged(OrderStatus next, Instant at, long sequence) {
        status = next;
        updatedAt = at;
        lastSequence = sequence;
    }

    OrderStatus status() {
        return status;
    }

    public OrderSummary toSummary() {
        return new OrderSummary(
                new OrderId(orderId),
                new CustomerId(customerId),
                status,
                lineCount,
                totalMinor,
                currency,
                placedAt,
                updatedAt,
                lastSequence);
    }
}
