package io.conveyor.projection.order;

import org.springframework.data.jpa.repository.JpaRepository;

public interface OrderViewRepository extends JpaRepository<OrderViewEntity, String> {}
