package io.conveyor.contracts.shipment;

/**
 * Where a shipment stands: CREATED, then DISPATCHED, IN_TRANSIT once the carrier reports it on its way, and DELIVERED.
 * A failed attempt makes it DELIVERY_FAILED until it goes out again (IN_TRANSIT) or is given up (RETURNED). CANCELLED
 * only before dispatch. DELIVERED, RETURNED and CANCELLED are final.
 */
public enum ShipmentStatus {
    CREATED,
    DISPATCHED,
    IN_TRANSIT,
    DELIVERY_FAILED,
    DELIVERED,
    RETURNED,
    CANCELLED
}
