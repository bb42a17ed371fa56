package io.conveyor.edge.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.TimelineEntry;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code ?asOf=} answers with the view as it was at that instant, in the same shape as today's. */
@HttpTest
class TimeTravelHttpTest {
    @Autowired
    WebTestClient web;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void an_order_as_it_was_at_each_step_of_its_timeline() {
        ProductId mug = api.createProduct(1250, 10);
        OrderId order = api.anOrder().line(mug, 4).place();
        OrderView now = api.awaitOrder(order, o -> o.shipmentId() != null);
        Instant placed = now.timeline().get(0).at();
        Instant reserved = now.timeline().get(1).at();

        OrderView atPlacing = get("/api/orders/" + order + "?asOf=" + placed, OrderView.class);
        assertThat(atPlacing.status()).isEqualTo(OrderStatus.PLACED);
        assertThat(atPlacing.timeline()).extracting(TimelineEntry::status).containsExactly(OrderStatus.PLACED);
        assertThat(atPlacing.shipmentId()).isNull();
        assertThat(atPlacing.lines()).isEqualTo(now.lines());
        assertThat(atPlacing.version()).isEqualTo(1);

        OrderView atReserving = get("/api/orders/" + order + "?asOf=" + reserved, OrderView.class);
        assertThat(atReserving.status()).isEqualTo(OrderStatus.STOCK_RESERVED);

        assertThat(get("/api/orders/" + order + "?asOf=" + Instant.now(), OrderView.class))
                .as("now, computed from the events, is what the projection holds")
                .isEqualTo(api.order(order));

        web.get()
                .uri("/api/orders/" + order + "?asOf=" + placed.minusMillis(1))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void a_products_stock_as_it_was_before_an_order_reserved_some() {
        ProductId kettle = api.createProduct(4000, 5);
        ProductView created = api.product(kettle);
        Instant beforeOrder = Instant.now();
        OrderId order = api.anOrder().line(kettle, 2).place();
        api.awaitOrder(order, o -> o.shipmentId() != null);
        api.awaitStock(kettle, 3, 2);

        ProductView then = get("/api/products/" + kettle + "?asOf=" + beforeOrder, ProductView.class);
        assertThat(then).isEqualTo(created);
        assertThat(get("/api/products/" + kettle + "?asOf=" + Instant.now(), ProductView.class))
                .isEqualTo(api.product(kettle));
    }

    @Test
    void an_unreadable_instant_is_a_bad_request() {
        web.get()
                .uri("/api/orders/ord_x?asOf=yesterday")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/validation-failed")
                .jsonPath("$.errors[0].field")
                .isEqualTo("asOf");
    }

    private <T> T get(String uri, Class<T> type) {
        return web.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(type)
                .returnResult()
                .getResponseBody();
    }
}
