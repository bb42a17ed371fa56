package io.conveyor.command.shipment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.conveyor.command.config.CommandSideConfiguration;
import io.conveyor.command.tenancy.TenantOwned;
import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.shipment.CancelShipmentCommand;
import io.conveyor.contracts.shipment.CreateShipmentCommand;
import io.conveyor.contracts.shipment.DeliverShipmentCommand;
import io.conveyor.contracts.shipment.DispatchShipmentCommand;
import io.conveyor.contracts.shipment.ShipmentCancelledEvent;
import io.conveyor.contracts.shipment.ShipmentCreatedEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveredEvent;
import io.conveyor.contracts.shipment.ShipmentDispatchedEvent;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentStatus;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** The parcel of a paid order: created, dispatched, delivered, or cancelled before it leaves. */
@Aggregate(
        snapshotTriggerDefinition = CommandSideConfiguration.SNAPSHOT_TRIGGER,
        cache = CommandSideConfiguration.CACHE)
// snapshots are JSON of the fields: there are no getters to find them by
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Shipment extends TenantOwned {
    @AggregateIdentifier
    private ShipmentId id;

    private OrderId orderId;
    private List<OrderLine> lines;
    private ShipmentStatus status;

    Shipment() {
        // required by Axon to rebuild the shipment from its events
    }

    @CommandHandler
    Shipment(CreateShipmentCommand cmd) {
        apply(new ShipmentCreatedEvent(cmd.shipmentId(), cmd.orderId(), List.copyOf(cmd.lines())));
    }

    @CommandHandler
    void handle(DispatchShipmentCommand cmd) {
        if (isCancelled()) {
            throw new StateConflictException("shipment-cancelled", "a cancelled shipment cannot be dispatched");
        }
        if (status != ShipmentStatus.CREATED) {
            return; // duplicate: it left already
        }
        apply(new ShipmentDispatchedEvent(id, orderId, lines));
    }

    @CommandHandler
    void handle(DeliverShipmentCommand cmd) {
        if (isCancelled()) {
            throw new StateConflictException("shipment-cancelled", "a cancelled shipment cannot be delivered");
        }
        if (status == ShipmentStatus.CREATED) {
            throw new StateConflictException(
                    "shipment-not-dispatched", "a shipment must be dispatched before it is delivered");
        }
        if (status == ShipmentStatus.DELIVERED) {
            return; // duplicate
        }
        apply(new ShipmentDeliveredEvent(id, orderId));
    }

    @CommandHandler
    void handle(CancelShipmentCommand cmd) {
        if (isCancelled()) {
            return; // duplicate
        }
        if (status != ShipmentStatus.CREATED) {
            throw new StateConflictException(
                    "shipment-already-dispatched", "a dispatched shipment cannot be cancelled");
        }
        apply(new ShipmentCancelledEvent(id, orderId, cmd.reason()));
    }

    @EventSourcingHandler
    void on(ShipmentCreatedEvent e) {
        id = e.shipmentId();
        orderId = e.orderId();
        lines = e.lines();
        status = ShipmentStatus.CREATED;
    }

    @EventSourcingHandler
    void on(ShipmentDispatchedEvent e) {
        status = ShipmentStatus.DISPATCHED;
    }

    @EventSourcingHandler
    void on(ShipmentDeliveredEvent e) {
        status = ShipmentStatus.DELIVERED;
    }

    @EventSourcingHandler
    void on(ShipmentCancelledEvent e) {
        status = ShipmentStatus.CANCELLED;
    }

    private boolean isCancelled() {
        return status == ShipmentStatus.CANCELLED;
    }
}
