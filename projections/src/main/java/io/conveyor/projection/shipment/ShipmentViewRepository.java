package io.conveyor.projection.shipment;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ShipmentViewRepository extends JpaRepository<ShipmentViewEntity, String> {
    List<ShipmentViewEntity> findByOrderId(String orderId);
}
