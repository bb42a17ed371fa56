package io.conveyor.query.order;

import io.conveyor.contracts.order.FindOrderAsOfQuery;
import io.conveyor.contracts.order.FindOrderQuery;
import io.conveyor.contracts.order.ListOrdersQuery;
import io.conveyor.contracts.order.OrderPage;
import io.conveyor.contracts.order.OrderSummary;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.WatchOrderSummariesQuery;
import io.conveyor.projection.order.OrderSummaryEntity;
import io.conveyor.projection.order.OrderSummaryRepository;
import io.conveyor.projection.order.OrderViewAsOf;
import io.conveyor.projection.order.OrderViewEntity;
import io.conveyor.projection.order.OrderViewRepository;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
@Transactional(readOnly = true)
class OrderQueries {
    /** How many recent summaries a new watcher of the order stream starts with. */
    static final int WATCH_BACKLOG = 20;

    private static final Sort NEWEST_FIRST = Sort.by(Sort.Order.desc("placedAt"), Sort.Order.asc("orderId"));

    private final OrderViewRepository orders;
    private final OrderSummaryRepository summaries;
    private final OrderViewAsOf history;

    OrderQueries(OrderViewRepository orders, OrderSummaryRepository summaries, OrderViewAsOf history) {
        this.orders = orders;
        this.summaries = summaries;
        this.history = history;
    }

    /** Null when the order did not exist at that instant. */
    @QueryHandler
    OrderView handle(FindOrderAsOfQuery query) {
        return history.at(query.tenant(), query.orderId(), query.asOf()).orElse(null);
    }

    /** Null when the order is unknown to the tenant (or not projected yet). */
    @QueryHandler
    OrderView handle(FindOrderQuery query) {
        return orders.findById(query.orderId().value())
                .filter(order -> order.belongsTo(query.tenant()))
                .map(OrderViewEntity::toView)
                .orElse(null);
    }

    @QueryHandler
    OrderPage handle(ListOrdersQuery query) {
        Page<OrderSummaryEntity> page = summaries.search(
                query.tenant(),
                query.status(),
                query.customerId() == null ? null : query.customerId().value(),
                PageRequest.of(query.page(), query.size(), NEWEST_FIRST));
        return new OrderPage(
                page.map(OrderSummaryEntity::toSummary).getContent(),
                query.page(),
                query.size(),
                page.getTotalElements(),
                page.getTotalPages());
    }

    @QueryHandler
    List<OrderSummary> handle(WatchOrderSummariesQuery query) {
        return summaries
                .search(query.tenant(), query.status(), null, PageRequest.of(0, WATCH_BACKLOG, NEWEST_FIRST))
                .map(OrderSummaryEntity::toSummary)
                .getContent()
                .stream()
                .sorted(java.util.Comparator.comparing(OrderSummary::placedAt))
                .toList();
    }
}
