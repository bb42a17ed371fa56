package io.conveyor.projection.shipment;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.shipment.FindShipmentQuery;
import io.conveyor.contracts.shipment.ShipmentCancelledEvent;
import io.conveyor.contracts.shipment.ShipmentCreatedEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveredEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveryFailedEvent;
import io.conveyor.contracts.shipment.ShipmentDispatchedEvent;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentInTransitEvent;
import io.conveyor.contracts.shipment.ShipmentRedeliveryScheduledEvent;
import io.conveyor.contracts.shipment.ShipmentReturnedEvent;
import io.conveyor.contracts.shipment.ShipmentStatus;
import io.conveyor.contracts.shipment.ShipmentView;
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

/** One row per shipment with the moments it moved. */
@Component
@ProcessingGroup(ShipmentViewProjection.GROUP)
public class ShipmentViewProjection {
    public static final String GROUP = "shipment-view";

    private final ShipmentViewRepository shipments;
    private final LiveUpdates updates;

    ShipmentViewProjection(ShipmentViewRepository shipments, LiveUpdates updates) {
        this.shipments = shipments;
        this.updates = updates;
    }

    @EventHandler
    void on(ShipmentCreatedEvent e, @Timestamp Instant at, @MetaDataValue(TenantMetadata.KEY) String tenant) {
        if (shipments.existsById(e.shipmentId().value())) {
            return; // redelivered
        }
        ShipmentViewEntity shipment = new ShipmentViewEntity(e.shipmentId(), e.orderId(), e.lines(), at);
        shipment.ownedBy(tenant);
        publish(shipments.save(shipment));
    }

    @EventHandler
    void on(ShipmentDispatchedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.shipmentId(), ShipmentStatus.DISPATCHED, at, sequence);
    }

    @EventHandler
    void on(ShipmentInTransitEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        SequencedRow.applyOnce(shipments, e.shipmentId().value(), sequence, shipment -> {
            shipment.inTransit(e.location(), at, sequence);
            publish(shipment);
        });
    }

    @EventHandler
    void on(ShipmentDeliveryFailedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        SequencedRow.applyOnce(shipments, e.shipmentId().value(), sequence, shipment -> {
            shipment.deliveryFailed(e.attempt(), e.reason(), at, sequence);
            publish(shipment);
        });
    }

    @EventHandler
    void on(ShipmentRedeliveryScheduledEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.shipmentId(), ShipmentStatus.IN_TRANSIT, at, sequence);
    }

    @EventHandler
    void on(ShipmentReturnedEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.shipmentId(), ShipmentStatus.RETURNED, at, sequence);
    }

    @EventHandler
    void on(ShipmentDeliveredEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.shipmentId(), ShipmentStatus.DELIVERED, at, sequence);
    }

    @EventHandler
    void on(ShipmentCancelledEvent e, @Timestamp Instant at, @SequenceNumber long sequence) {
        statusChanged(e.shipmentId(), ShipmentStatus.CANCELLED, at, sequence);
    }

    @ResetHandler
    void reset() {
        shipments.deleteAllInBatch();
    }

    private void statusChanged(ShipmentId shipmentId, ShipmentStatus status, Instant at, long sequence) {
        SequencedRow.applyOnce(shipments, shipmentId.value(), sequence, shipment -> {
            shipment.statusChanged(status, at, sequence);
            publish(shipment);
        });
    }

    private void publish(ShipmentViewEntity shipment) {
        ShipmentView view = shipment.toView();
        updates.emit(
                FindShipmentQuery.class, List.of(new FindShipmentQuery(shipment.tenant(), view.shipmentId())), view);
    }
}
