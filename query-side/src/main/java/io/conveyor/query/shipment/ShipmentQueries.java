package io.conveyor.query.shipment;

import io.conveyor.contracts.shipment.FindShipmentQuery;
import io.conveyor.contracts.shipment.ShipmentView;
import io.conveyor.projection.shipment.ShipmentViewEntity;
import io.conveyor.projection.shipment.ShipmentViewRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
@Transactional(readOnly = true)
class ShipmentQueries {
    private final ShipmentViewRepository shipments;

    ShipmentQueries(ShipmentViewRepository shipments) {
        this.shipments = shipments;
    }

    /** Null when the shipment is unknown to the tenant (or not projected yet). */
    @QueryHandler
    ShipmentView handle(FindShipmentQuery query) {
        return shipments
                .findById(query.shipmentId().value())
                .filter(shipment -> shipment.belongsTo(query.tenant()))
                .map(ShipmentViewEntity::toView)
                .orElse(null);
    }
}
