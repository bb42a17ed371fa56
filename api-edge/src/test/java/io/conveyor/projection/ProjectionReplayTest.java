package io.conveyor.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.order.OrderRejectedEvent;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderStockReservedEvent;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.contracts.stock.StockReservedEvent;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.projection.order.OrderViewProjection;
import io.conveyor.projection.order.OrderViewRepository;
import io.conveyor.projection.stock.ProductStockProjection;
import io.conveyor.projection.stock.ProductStockRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Projections run through Axon: they follow the store, ignore redeliveries, and rebuild the same model on replay. */
@HttpTest
class ProjectionReplayTest {
    @Autowired
    EventStore events;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    OrderViewProjection orderViewProjection;

    @Autowired
    OrderViewRepository orderViews;

    @Autowired
    ProductStockRepository productStock;

    @Autowired
    ProductStockProjection productStockProjection;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    WebTestClient web;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void the_order_view_follows_the_events_in_the_store() {
        OrderId order = OrderId.random();
        ProductId mug = ProductId.random();

        events.publish(
                domainEvent(order, 0, placed(order, mug)),
                domainEvent(order, 1, new OrderStockReservedEvent(order)),
                domainEvent(order, 2, new OrderRejectedEvent(order, "payment-declined")));

        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> orderViews
                        .findById(order.value())
                        .map(v -> v.toView().status() == OrderStatus.REJECTED)
                        .orElse(false));
        OrderView view = orderViews.findById(order.value()).orElseThrow().toView();
        assertThat(view.rejectionReason()).isEqualTo("payment-declined");
        assertThat(view.totalMinor()).isEqualTo(2500);
        assertThat(view.timeline()).hasSize(3);
    }

    @Test
    void a_redelivered_event_changes_nothing() {
        OrderId order = OrderId.random();
        var placed = domainEvent(order, 0, placed(order, ProductId.random()));
        var reserved = domainEvent(order, 1, new OrderStockReservedEvent(order));
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(orderViewProjection);

        transactions.executeWithoutResult(tx -> handle(handler, placed, reserved, reserved, placed));

        OrderView view = orderViews.findById(order.value()).orElseThrow().toView();
        assertThat(view.timeline())
                .extracting(t -> t.status())
                .containsExactly(OrderStatus.PLACED, OrderStatus.STOCK_RESERVED);
        assertThat(view.version()).isEqualTo(2);
    }

    @Test
    void a_redelivered_stock_event_changes_nothing_and_a_change_before_its_product_is_ignored() {
        ProductId cup = ProductId.random();
        AnnotationEventHandlerAdapter handler = new AnnotationEventHandlerAdapter(productStockProjection);
        var created = domainEvent(
                        "Product",
                        cup.value(),
                        0,
                        new ProductCreatedEvent(cup, "SKU-CUP", "Tasse à café", 1250, "EUR", 10))
                .andMetaData(java.util.Map.of(TenantMetadata.KEY, "acme"));
        var restocked = domainEvent("Product", cup.value(), 1, new ProductRestockedEvent(cup, 5, 15, 0));
        var reserved = domainEvent("Product", cup.value(), 2, new StockReservedEvent(cup, OrderId.random(), 2, 13, 2));

        transactions.executeWithoutResult(tx -> handle(handler, restocked));
        assertThat(productStock.findById(cup.value())).isEmpty();

        transactions.executeWithoutResult(tx -> handle(handler, created, restocked, reserved, restocked, created));

        var row = productStock.findById(cup.value()).orElseThrow();
        assertThat(row.toView()).isEqualTo(new ProductView(cup, "SKU-CUP", "Tasse à café", 1250, "EUR", 13, 2, 2));
        assertThat(row.tenant()).isEqualTo("acme");
    }

    @Test
    void a_reset_product_stock_model_is_rebuilt_by_replay() throws Exception {
        ProductId mug = api.createProduct(1250, 10);
        web.post()
                .uri("/api/products/{id}/restock", mug)
                .bodyValue(java.util.Map.of("quantity", 5))
                .exchange()
                .expectStatus()
                .isAccepted();
        api.awaitStock(mug, 15, 0);
        ProductView before = api.product(mug);

        // damage the model behind Axon's back: only a real rebuild from the events repairs it
        jdbc.update("update product_stock set available = 999 where product_id = ?", mug.value());
        replay(ProductStockProjection.GROUP);

        await().atMost(ConveyorApi.PATIENCE)
                .untilAsserted(() -> assertThat(api.product(mug)).isEqualTo(before));
        assertThat(productStock.count()).isGreaterThanOrEqualTo(1);
    }

    private void replay(String processorName) {
        StreamingEventProcessor processor = processing
                .eventProcessor(processorName, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    private static void handle(AnnotationEventHandlerAdapter handler, GenericDomainEventMessage<?>... messages) {
        for (GenericDomainEventMessage<?> message : messages) {
            try {
                handler.handle(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static OrderPlacedEvent placed(OrderId order, ProductId product) {
        return new OrderPlacedEvent(
                order,
                new CustomerId("cus_" + UUID.randomUUID()),
                List.of(new OrderLine(product, 2, 1250)),
                2500,
                "EUR",
                "tok_visa");
    }

    private static GenericDomainEventMessage<?> domainEvent(OrderId order, long sequence, Object payload) {
        return domainEvent("Order", order.value(), sequence, payload);
    }

    private static GenericDomainEventMessage<?> domainEvent(
            String type, String aggregate, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(
                type,
                aggregate,
                sequence,
                new org.axonframework.messaging.GenericMessage<>(payload),
                () -> Instant.now());
    }
}
