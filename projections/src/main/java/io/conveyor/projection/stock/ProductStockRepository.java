package io.conveyor.projection.stock;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ProductStockRepository extends JpaRepository<ProductStockEntity, String> {
    List<ProductStockEntity> findAllByTenantOrderBySkuAsc(String tenant);
}
