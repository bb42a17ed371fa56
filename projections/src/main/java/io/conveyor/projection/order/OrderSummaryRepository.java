package io.conveyor.projection.order;

import io.conveyor.contracts.order.OrderStatus;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface OrderSummaryRepository extends JpaRepository<OrderSummaryEntity, String> {

    /** The tenant's orders; a null filter matches every one of them. */
    @Query("select o from OrderSummaryEntity o"
            + " where o.tenant = :tenant"
            + " and (:status is null or o.status = :status)"
            + " and (:customerId is null or o.customerId = :customerId)")
    Page<OrderSummaryEntity> search(
            @Param("tenant") String tenant,
            @Param("status") OrderStatus status,
            @Param("customerId") String customerId,
            Pageable page);
}
