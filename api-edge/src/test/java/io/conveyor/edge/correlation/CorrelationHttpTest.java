package io.conveyor.edge.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.net.URI;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A request's id and trace travel with everything it causes: commands, events, the saga's steps, the event log. */
@HttpTest
class CorrelationHttpTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Autowired
    WebTestClient web;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void an_orders_request_id_and_trace_reach_every_event_it_causes() {
        ProductId mug = api.createProduct(1250, 10);
        HttpHeaders answer = web.post()
                .uri("/api/orders")
                .header("X-Request-Id", "checkout-42")
                .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                .bodyValue(api.anOrder().line(mug, 1).body())
                .exchange()
                .expectStatus()
                .isAccepted()
                .returnResult(Void.class)
                .getResponseHeaders();
        assertThat(answer.getFirst("X-Request-Id")).isEqualTo("checkout-42");
        assertThat(answer.getFirst("traceparent"))
                .startsWith("00-" + TRACE + "-")
                .endsWith("-01");
        OrderId order = new OrderId(
                URI.create(answer.getLocation().toString()).getPath().replaceFirst(".*/", ""));
        OrderView paid = api.awaitOrder(order, o -> o.shipmentId() != null);

        List<JsonNode> caused = StreamSupport.stream(
                        api.json("/api/events?limit=1000").get("events").spliterator(), false)
                .filter(e -> e.get("metadata").path("requestId").asText().equals("checkout-42"))
                .toList();
        assertThat(caused)
                .extracting(e -> e.get("type").asText())
                .as("the order's own events and those of the saga's steps")
                .contains(
                        "orders.OrderPlaced.v1",
                        "products.StockReserved.v1",
                        "payments.PaymentRequested.v1",
                        "orders.OrderPaid.v1",
                        "shipments.ShipmentCreated.v1");
        assertThat(caused)
                .allSatisfy(e -> assertThat(e.get("metadata").get("traceparent").asText())
                        .startsWith("00-" + TRACE + "-"));
        assertThat(paid.shipmentId()).isNotNull();
    }

    @Test
    void a_request_without_ids_gets_new_ones_and_a_malformed_id_is_replaced() {
        HttpHeaders fresh = web.get()
                .uri("/api/products")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Void.class)
                .getResponseHeaders();
        assertThat(fresh.getFirst("X-Request-Id")).isNotBlank();
        assertThat(fresh.getFirst("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");

        HttpHeaders replaced = web.get()
                .uri("/api/products")
                .header("X-Request-Id", "<script>")
                .header("traceparent", "garbage")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(Void.class)
                .getResponseHeaders();
        assertThat(replaced.getFirst("X-Request-Id")).isNotEqualTo("<script>").matches("[0-9a-f-]{36}");
        assertThat(replaced.getFirst("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    }
}
