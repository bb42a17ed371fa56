package io.conveyor.edge.stock;

import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The test profile snapshots every 5 events: a product is then loaded from its snapshot, reservations included. */
@HttpTest
class SnapshotHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

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

    private int snapshotsOf(ProductId product) {
        return jdbc.queryForObject(
                "select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Integer.class,
                product.value());
    }
}
