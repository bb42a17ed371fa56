package io.conveyor.edge.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The event log over HTTP: global order, paging without gaps or repeats, filters, histories, the catalogue. */
@HttpTest
class EventLogHttpTest {
    @Autowired
    WebTestClient web;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void an_orders_events_come_in_order_with_their_external_types_metadata_and_payloads() {
        ProductId mug = api.createProduct(1250, 10);
        OrderId order = api.anOrder().line(mug, 2).place();
        api.awaitOrder(order, o -> o.shipmentId() != null);

        JsonNode events = get("/api/events?aggregateId=" + order + "&limit=50").get("events");

        List<String> types = texts(events, "type");
        assertThat(types)
                .as("one external name per class, never the Java name")
                .containsExactly("orders.OrderPlaced.v1", "orders.OrderStockReserved.v1", "orders.OrderPaid.v1");
        JsonNode placed = events.get(0);
        assertThat(placed.get("aggregateType").asText()).isEqualTo("Order");
        assertThat(placed.get("aggregateId").asText()).isEqualTo(order.value());
        assertThat(placed.get("revision").asText()).isEqualTo("1");
        assertThat(placed.get("payload").get("orderId").asText()).isEqualTo(order.value());
        assertThat(placed.get("payload").get("lines").get(0).get("quantity").asInt())
                .isEqualTo(2);
        assertThat(placed.get("metadata").isObject()).isTrue();
        assertThat(Instant.parse(placed.get("timestamp").asText())).isBefore(Instant.now());
        assertThat(longs(events, "sequence")).containsExactly(0L, 1L, 2L);
        assertThat(longs(events, "position")).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void following_next_reads_the_whole_log_once_in_order() {
        ProductId tea = api.createProduct(500, 5);
        api.awaitOrder(api.anOrder().line(tea, 1).place(), o -> o.shipmentId() != null);

        List<Long> paged = new ArrayList<>();
        String next = "/api/events?limit=7";
        int pages = 0;
        while (next != null) {
            JsonNode page = get(next);
            paged.addAll(longs(page.get("events"), "position"));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        }
        List<Long> atOnce = longs(get("/api/events?limit=1000").get("events"), "position");

        // the log may grow between the two reads: compare what both saw
        int common = Math.min(paged.size(), atOnce.size());
        assertThat(pages).isGreaterThan(1);
        assertThat(common).isGreaterThan(7);
        assertThat(paged.subList(0, common)).isEqualTo(atOnce.subList(0, common));
        assertThat(paged).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void a_type_filter_returns_only_that_type() {
        ProductId kettle = api.createProduct(4000, 3);

        JsonNode events =
                get("/api/events?type=products.ProductCreated.v2&limit=10000").get("events");

        assertThat(texts(events, "type")).isNotEmpty().containsOnly("products.ProductCreated.v2");
        assertThat(texts(events, "aggregateId")).contains(kettle.value());
    }

    @Test
    void an_aggregates_history_lives_under_its_own_collection() {
        ProductId mug = api.createProduct(1250, 10);
        OrderId order = api.anOrder().line(mug, 1).place();
        OrderView paid = api.awaitOrder(order, o -> o.shipmentId() != null);

        JsonNode history = get("/api/orders/" + order + "/history");
        assertThat(history.get("aggregateType").asText()).isEqualTo("Order");
        assertThat(longs(history.get("events"), "sequence")).containsExactly(0L, 1L, 2L);

        JsonNode shipment = get("/api/shipments/" + paid.shipmentId() + "/history");
        assertThat(texts(shipment.get("events"), "type")).startsWith("shipments.ShipmentCreated.v1");
        JsonNode product = get("/api/products/" + mug + "/history");
        assertThat(texts(product.get("events"), "type"))
                .startsWith("products.ProductCreated.v2")
                .contains("products.StockReserved.v1");

        web.get()
                .uri("/api/products/" + order + "/history")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void the_catalogue_names_every_event_type_with_its_fields() {
        JsonNode types = get("/api/events/types");

        assertThat(texts(types, "type"))
                .contains(
                        "orders.OrderPlaced.v1",
                        "payments.PaymentAuthorised.v1",
                        "shipments.ShipmentDispatched.v1",
                        "products.StockReserved.v1")
                .doesNotHaveDuplicates();
        JsonNode placed = StreamSupport.stream(types.spliterator(), false)
                .filter(t -> t.get("type").asText().equals("orders.OrderPlaced.v1"))
                .findFirst()
                .orElseThrow();
        assertThat(texts(placed.get("fields"), null)).contains("orderId", "lines", "totalMinor");
    }

    private JsonNode get(String uri) {
        return new ConveyorApi(web).json(uri);
    }

    private static List<String> texts(JsonNode array, String field) {
        return IntStream.range(0, array.size())
                .mapToObj(i -> field == null
                        ? array.get(i).asText()
                        : array.get(i).get(field).asText())
                .toList();
    }

    private static List<Long> longs(JsonNode array, String field) {
        return IntStream.range(0, array.size())
                .mapToObj(i -> array.get(i).get(field).asLong())
                .toList();
    }
}
