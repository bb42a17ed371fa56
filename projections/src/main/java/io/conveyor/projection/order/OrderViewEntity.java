package io.conveyor.projection.order;

import com.fasterxml.jackson.core.type.TypeReference;
import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.TimelineEntry;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.projection.support.JsonColumn;
import io.conveyor.projection.support.SequencedRow;
import io.conveyor.projection.support.TenantRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "order_view")
public class OrderViewEntity extends TenantRow implements SequencedRow {
    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {};
    private static final TypeReference<List<TimelineEntry>> TIMELINE = new TypeReference<>() {};

    @Id
    @Column(name = "order_id")
    private String orderId;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private OrderStatus status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "lines_json", nullable = false)
    private String linesJson;

    @Column(name = "total_minor", nullable = false)
    private long totalMinor;

    @Column(name = "currency", nullable = false)
    private String currency;

    @Column(name = "shipment_id")
    private String shipmentId;

    @Column(name = "rejection_reason")
    private String rejectionReason;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "timeline_json", nullable = false)
    private String timelineJson;

    @Column(name = "placed_at", nullable = false)
    private Instant placedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** The order's last applied event sequence: a redelivered event at or below it is skipped. */
    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    /** Counts the changes applied to this row; clients see it as the view's version. */
    @Column(name = "version", nullable = false)
    private long version;

    protected OrderViewEntity() {
        // for JPA
    }

    OrderViewEntity(
            OrderId orderId,
            CustomerId customerId,
            List<OrderLine> lines,
            long totalMinor,
            String currency,
            Instant at,
            long sequence) {
        this.orderId = orderId.value();
        this.customerId = customerId.value();
        this.status = OrderStatus.PLACED;
        this.linesJson = JsonColumn.write(lines);
        this.totalMinor = totalMinor;
        this.currency = currency;
        this.timelineJson = JsonColumn.write(List.of(new TimelineEntry(OrderStatus.PLACED, at, null)));
        this.placedAt = at;
        this.updatedAt = at;
        this.lastSequence = sequence;
        this.version = 1;
    }

    @Override
    public boolean hasApplied(long sequence) {
        return sequence <= lastSequence;
    }

    void statusChanged(OrderStatus next, String reason, Instant at, long sequence) {
        List<TimelineEntry> timeline = new ArrayList<>(JsonColumn.read(timelineJson, TIMELINE));
        timeline.add(new TimelineEntry(next, at, reason));
        this.timelineJson = JsonColumn.write(timeline);
        this.status = next;
        if (next == OrderStatus.REJECTED) {
            this.rejectionReason = reason;
        }
        this.lastSequence = sequence;
        touched(at);
    }

    boolean shipmentAssigned(ShipmentId shipmentId, Instant at) {
        if (shipmentId.value().equals(this.shipmentId)) {
            return false;
        }
        this.shipmentId = shipmentId.value();
        touched(at);
        return true;
    }

    private void touched(Instant at) {
        if (at.isAfter(updatedAt)) {
            updatedAt = at;
        }
        version++;
    }

    public OrderView toView() {
        return new OrderView(
                new OrderId(orderId),
                new CustomerId(customerId),
                status,
                JsonColumn.read(linesJson, LINES),
                totalMinor,
                currency,
                shipmentId == null ? null : new ShipmentId(shipmentId),
                rejectionReason,
                JsonColumn.read(timelineJson, TIMELINE),
                placedAt,
                updatedAt,
                version);
    }
}
