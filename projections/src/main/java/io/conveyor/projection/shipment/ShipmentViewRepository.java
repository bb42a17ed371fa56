package io.conveyor.projection.shipment;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ShipmentViewRepository extends JpaRepository<ShipmentViewEntity, String> {}
