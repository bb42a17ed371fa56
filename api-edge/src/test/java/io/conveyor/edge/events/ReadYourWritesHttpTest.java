package io.conveyor.edge.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A client reads its own write by passing back the position its command answered with. */
@HttpTest
class ReadYourWritesHttpTest {
    @Autowired
    WebTestClient web;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void a_read_with_the_commands_position_sees_the_command() {
        ProductId mug = api.createProduct(1250, 10);
        api.awaitStock(mug, 10, 0);

        for (int i = 1; i <= 5; i++) {
            String position = api.restock(mug, 1).getFirst(Positions.POSITION);
            assertThat(Long.parseLong(position)).isEqualTo(lastPositionOf(mug));

            ProductView read = web.get()
                    .uri("/api/products/{id}", mug)
                    .header(Positions.MIN_POSITION, position)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(ProductView.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(read.available()).as("restock %d is visible at once", i).isEqualTo(10 + i);
        }
    }

    @Test
    void a_placed_order_is_readable_at_its_position() {
        ProductId tea = api.createProduct(500, 5);
        var placed = web.post()
                .uri("/api/orders")
                .bodyValue(api.anOrder().line(tea, 1).body())
                .exchange()
                .expectStatus()
                .isAccepted()
                .returnResult(JsonNode.class);
        String position = placed.getResponseHeaders().getFirst(Positions.POSITION);
        String location = placed.getResponseHeaders().getFirst(HttpHeaders.LOCATION);

        OrderView order = web.get()
                .uri(location)
                .header(Positions.MIN_POSITION, position)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(OrderView.class)
                .returnResult()
                .getResponseBody();
        assertThat(order.status()).isNotNull();
        assertThat(order.timeline().get(0).status()).isEqualTo(OrderStatus.PLACED);
    }

    @Test
    void a_position_the_projections_have_not_reached_is_a_503_with_retry_after() {
        web.get()
                .uri("/api/products")
                .header(Positions.MIN_POSITION, Long.toString(Long.MAX_VALUE - 1))
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/view-not-ready");
        web.get()
                .uri("/api/products")
                .header(Positions.MIN_POSITION, "soon")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(Positions.MIN_POSITION);
    }

    private long lastPositionOf(ProductId product) {
        JsonNode events = web.get()
                .uri("/api/products/{id}/history", product)
                .exchange()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("events");
        return events.get(events.size() - 1).get("position").asLong();
    }
}
