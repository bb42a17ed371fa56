package io.conveyor.projection.shipment;

import com.fasterxml.jackson.core.type.TypeReference;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentStatus;
import io.conveyor.contracts.shipment.ShipmentView;
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
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "shipment_view")
public class ShipmentViewEntity extends TenantRow implements SequencedRow {
    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {};

    @Id
    @Column(name = "shipment_id")
    private String shipmentId;

    @Column(name = "order_id", nullable = false)
    private String orderId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private ShipmentStatus status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "lines_json", nullable = false)
    private String linesJson;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "dispatched_at")
    private Instant dispatchedAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "location")
    private String location;

    @Column(name = "failed_deliveries", nullable = false)
    private int failedDeliveries;

    @Column(name = "delivery_failure")
    private String deliveryFailure;

    /** The shipment's last applied event sequence: redeliveries at or below it are skipped; clients see it as version. */
    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    protected ShipmentViewEntity() {
        // for JPA
    }

    ShipmentViewEntity(ShipmentId shipmentId, OrderId orderId, List<OrderLine> lines, Instant at) {
        this.shipmentId = shipmentId.value();
        this.orderId = orderId.value();
        this.status = ShipmentStatus.CREATED;
        this.linesJson = JsonColumn.write(lines);
        this.createdAt = at;
    }

    @Override
    public boolean hasApplied(long sequence) {
        return sequence <= lastSequence;
    }

    void statusChanged(ShipmentStatus next, Instant at, long sequence) {
        status = next;
        if (next == ShipmentStatus.DISPATCHED) {
            dispatchedAt = at;
        } else if (next == ShipmentStatus.DELIVERED) {
            deliveredAt = at;
        }
        lastSequence = sequence;
    }

    void inTransit(String seenAt, Instant at, long sequence) {
        location = seenAt;
        statusChanged(ShipmentStatus.IN_TRANSIT, at, sequence);
    }

    void deliveryFailed(int attempt, String reason, Instant at, long sequence) {
        failedDeliveries = attempt;
        deliveryFailure = reason;
        statusChanged(ShipmentStatus.DELIVERY_FAILED, at, sequence);
    }

    public ShipmentView toView() {
        return new ShipmentView(
                new ShipmentId(shipmentId),
                new OrderId(orderId),
                status,
                JsonColumn.read(linesJson, LINES),
                createdAt,
                dispatchedAt,
                deliveredAt,
                location,
                failedDeliveries,
                deliveryFailure,
                lastSequence);
    }
}
