package io.conveyor.edge.stock;

import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The test profile snapshots every 5 events: a product is then loaded from its snapshot, reservations included, and
 * one with thousands of events behaves the same with and without its snapshot.
 */
@HttpTest
class SnapshotHttpTest {
    @Autowired
    WebTestClient web;

    private static final int HISTORY = 3_000;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    TransactionManager transactions;

    @Test
    void a_product_loaded_from_its_snapshot_still_knows_its_reservations() {
        ConveyorApi api = new ConveyorApi(web);
        ProductId mug = api.createProduct(100, 10);
        OrderId order = api.anOrder().line(mug, 3).paidWith("tok_timeout").place();
        api.awaitStock(mug, 7, 3);
        for (int i = 0; i < 6; i++) {
            web.post()
                    .uri("/api/products/{id}/restock", mug)
                    .bodyValue(Map.of("quantity", 1))
                    .exchange()
                    .expectStatus()
                    .isAccepted();
        }
        await().atMost(ConveyorApi.PATIENCE).until(() -> snapshotsOf(mug) > 0);

        // the payment never answers: its deadline releases the reservation the snapshot must have kept
        api.awaitOrder(order, o -> o.status() == OrderStatus.REJECTED);
        api.awaitStock(mug, 16, 0);
    }

    @Test
    void a_product_with_thousands_of_events_loads_from_its_snapshot_and_behaves_the_same() {
        ConveyorApi api = new ConveyorApi(web);
        ProductId crate = api.createProduct(100, 0);
        // its history: 3,000 restocks of one, stored as the aggregate stores them
        List<DomainEventMessage<?>> history = IntStream.rangeClosed(1, HISTORY)
                .<DomainEventMessage<?>>mapToObj(i -> new GenericDomainEventMessage<>(
                        "Product", crate.value(), i, new ProductRestockedEvent(crate, 1, i, 0)))
                .toList();
        transactions.executeInTransaction(() -> engine.appendEvents(history));

        // the first command replays the whole history, then snapshots it
        restock(crate);
        await().atMost(ConveyorApi.PATIENCE).until(() -> latestSnapshotOf(crate) >= HISTORY);

        // loaded from the snapshot: a reservation and a restock land on the right levels
        OrderId paid = api.anOrder().line(crate, 2).place(); // stays reserved until its shipment leaves
        api.awaitOrder(paid, o -> o.shipmentId() != null);
        api.awaitStock(crate, HISTORY - 1, 2);
        restock(crate);
        api.awaitStock(crate, HISTORY, 2);

        // without any snapshot the same history gives the same answers
        jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?", crate.value());
        restock(crate);
        api.awaitStock(crate, HISTORY + 1, 2);
    }

    private void restock(ProductId product) {
        new ConveyorApi(web).restock(product, 1);
    }

    private long latestSnapshotOf(ProductId product) {
        Long sequence = jdbc.queryForObject(
                "select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class,
                product.value());
        return sequence == null ? -1 : sequence;
    }

    private int snapshotsOf(ProductId product) {
        return jdbc.queryForObject(
                "select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Integer.class,
                product.value());
    }
}
