package io.conveyor.edge.carrier;

import io.conveyor.contracts.shipment.DeliverShipmentCommand;
import io.conveyor.contracts.shipment.DispatchShipmentCommand;
import io.conveyor.contracts.shipment.MarkShipmentInTransitCommand;
import io.conveyor.contracts.shipment.RecordDeliveryFailureCommand;
import io.conveyor.contracts.shipment.ShipmentId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A carrier's tracking update on one shipment.
 *
 * @param location where the parcel was seen ({@code IN_TRANSIT})
 * @param reason why it could not be delivered ({@code DELIVERY_FAILED})
 */
record CarrierReport(
        @NotNull ShipmentId shipmentId,
        @NotNull Status status,
        @Size(max = 200) String location,
        @Size(max = 200) String reason) {

    enum Status {
        DISPATCHED,
        IN_TRANSIT,
        DELIVERED,
        DELIVERY_FAILED
    }

    Object toCommand() {
        return switch (status) {
            case DISPATCHED -> new DispatchShipmentCommand(shipmentId);
            case IN_TRANSIT -> new MarkShipmentInTransitCommand(shipmentId, location);
            case DELIVERED -> new DeliverShipmentCommand(shipmentId);
            case DELIVERY_FAILED -> new RecordDeliveryFailureCommand(shipmentId, reason);
        };
    }
}
