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
import io.conveyor.contracts.shipment.MarkShipmentInTransitCommand;
import io.conveyor.contracts.shipment.RecordDeliveryFailureCommand;
import io.conveyor.contracts.shipment.RetryDeliveryCommand;
import io.conveyor.contracts.shipment.ReturnShipmentCommand;
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
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The parcel of a paid order: created, dispatched, on its way, delivered; or cancelled before it leaves; or, after a
 * failed delivery, sent out again or returned. Carriers report late and out of order: a report of progress the
 * shipment is already past is a no-op, and only a report that contradicts the shipment's state is refused.
 */
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
    private int failedAttempts;

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
    void handle(MarkShipmentInTransitCommand cmd) {
        requireDispatched("moving");
        if (status != ShipmentStatus.DISPATCHED) {
            return; // a late or repeated report: the shipment is past it
        }
        apply(new ShipmentInTransitEvent(id, orderId, cmd.location()));
    }

    @CommandHandler
    void handle(RecordDeliveryFailureCommand cmd) {
        requireDispatched("delivered");
        if (status == ShipmentStatus.DELIVERED) {
            throw new StateConflictException(
                    "shipment-delivered", "the shipment was delivered: a failed delivery cannot follow");
        }
        if (!isOnItsWay()) {
            return; // repeated, or the shipment was given up meanwhile
        }
        String reason = cmd.reason() == null || cmd.reason().isBlank() ? "unspecified" : cmd.reason();
        apply(new ShipmentDeliveryFailedEvent(id, orderId, failedAttempts + 1, reason));
    }

    @CommandHandler
    void handle(RetryDeliveryCommand cmd) {
        if (isOnItsWay() || status == ShipmentStatus.DELIVERED) {
            return; // repeated: it is out again, or arrived
        }
        if (status != ShipmentStatus.DELIVERY_FAILED) {
            throw new StateConflictException(
                    "no-failed-delivery", "only a shipment whose delivery failed can be sent out again");
        }
        apply(new ShipmentRedeliveryScheduledEvent(id, orderId, failedAttempts + 1));
    }

    @CommandHandler
    void handle(ReturnShipmentCommand cmd) {
        if (status == ShipmentStatus.RETURNED) {
            return; // repeated
        }
        if (status != ShipmentStatus.DELIVERY_FAILED) {
            throw new StateConflictException(
                    "no-failed-delivery", "only a shipment whose delivery failed can be returned");
        }
        apply(new ShipmentReturnedEvent(id, orderId, lines, cmd.reason()));
    }

    @CommandHandler
    void handle(DeliverShipmentCommand cmd) {
        requireDispatched("delivered");
        if (status == ShipmentStatus.RETURNED) {
            throw new StateConflictException("shipment-returned", "a returned shipment cannot be delivered");
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
    void on(ShipmentInTransitEvent e) {
        status = ShipmentStatus.IN_TRANSIT;
    }

    @EventSourcingHandler
    void on(ShipmentDeliveryFailedEvent e) {
        status = ShipmentStatus.DELIVERY_FAILED;
        failedAttempts = e.attempt();
    }

    @EventSourcingHandler
    void on(ShipmentRedeliveryScheduledEvent e) {
        status = ShipmentStatus.IN_TRANSIT;
    }

    @EventSourcingHandler
    void on(ShipmentReturnedEvent e) {
        status = ShipmentStatus.RETURNED;
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

    private boolean isOnItsWay() {
        return status == ShipmentStatus.DISPATCHED || status == ShipmentStatus.IN_TRANSIT;
    }

    /** Nothing happens to a parcel that never left, or was cancelled. */
    private void requireDispatched(String what) {
        if (isCancelled()) {
            throw new StateConflictException("shipment-cancelled", "a cancelled shipment cannot be " + what);
        }
        if (status == ShipmentStatus.CREATED) {
            throw new StateConflictException(
                    "shipment-not-dispatched", "a shipment must be dispatched before it is " + what);
        }
    }
}
