package io.conveyor.edge.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/** The API as a client uses it, with small factories for test data. */
public class ConveyorApi {
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private final WebTestClient web;

    public ConveyorApi(WebTestClient web) {
        this.web = web.mutate().responseTimeout(PATIENCE).build();
    }

    public WebTestClient web() {
        return web;
    }

    public ProductId createProduct(long priceMinor, int stock) {
        return createProduct("Test product", priceMinor, stock);
    }

    public ProductId createProduct(String name, long priceMinor, int stock) {
        Map<String, Object> body = Map.of(
                "sku",
                "SKU-" + UUID.randomUUID(),
                "name",
                name,
                "priceMinor",
                priceMinor,
                "currency",
                "EUR",
                "initialStock",
                stock);
        return new ProductId(web.post()
                .uri("/api/products")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("productId")
                .toString());
    }

    public OrderBuilder anOrder() {
        return new OrderBuilder();
    }

    /** Adds stock; answers the command's response headers ({@code Conveyor-Position} among them). */
    public HttpHeaders restock(ProductId productId, int quantity) {
        return web.post()
                .uri("/api/products/{id}/restock", productId)
                .bodyValue(Map.of("quantity", quantity))
                .exchange()
                .expectStatus()
                .isAccepted()
                .returnResult(Void.class)
                .getResponseHeaders();
    }

    /** Any GET that answers 200 with JSON, as a tree. */
    public JsonNode json(String uri) {
        return web.get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    public ProductView product(ProductId productId) {
        return web.get()
                .uri("/api/products/{id}", productId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ProductView.class)
                .returnResult()
                .getResponseBody();
    }

    public OrderView order(OrderId orderId) {
        return web.get()
                .uri("/api/orders/{id}", orderId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(OrderView.class)
                .returnResult()
                .getResponseBody();
    }

    /** Polls as a client would: a 503 view-not-ready (the read model is catching up) means "ask again". */
    public OrderView awaitOrder(OrderId orderId, Predicate<OrderView> condition) {
        AtomicReference<OrderView> last = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            var result = web.get().uri("/api/orders/{id}", orderId).exchange().returnResult(OrderView.class);
            if (result.getStatus().value() == 503) {
                return false;
            }
            assertThat(result.getStatus().value()).isEqualTo(200);
            last.set(result.getResponseBody().blockFirst());
            return condition.test(last.get());
        });
        return last.get();
    }

    public void awaitStock(ProductId productId, int available, int reserved) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(product(productId))
                        .extracting(ProductView::available, ProductView::reserved)
                        .containsExactly(available, reserved));
    }

    public void cancel(OrderId orderId, String reason) {
        web.post()
                .uri("/api/orders/{id}/cancel", orderId)
                .bodyValue(Map.of("reason", reason))
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    public void dispatch(ShipmentId shipmentId) {
        web.post()
                .uri("/api/shipments/{id}/dispatch", shipmentId)
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    public void deliver(ShipmentId shipmentId) {
        web.post()
                .uri("/api/shipments/{id}/deliver", shipmentId)
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    /** The order's SSE stream: its events without the heartbeats, until the server ends it. */
    public Flux<ServerSentEvent<OrderView>> orderStream(OrderId orderId) {
        return web.get()
                .uri("/api/orders/{id}/stream", orderId)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<OrderView>>() {})
                .getResponseBody()
                .filter(event -> event.data() != null); // heartbeats are comments
    }

    public final class OrderBuilder {
        private final Map<ProductId, Integer> lines = new LinkedHashMap<>();
        private String token = "tok_visa";
        private String customer = "cus_" + UUID.randomUUID();

        public OrderBuilder line(ProductId productId, int quantity) {
            lines.put(productId, quantity);
            return this;
        }

        public OrderBuilder paidWith(String paymentToken) {
            this.token = paymentToken;
            return this;
        }

        public OrderBuilder by(String customerId) {
            this.customer = customerId;
            return this;
        }

        public Map<String, Object> body() {
            List<Map<String, Object>> requested = lines.entrySet().stream()
                    .map(e -> Map.<String, Object>of("productId", e.getKey().value(), "quantity", e.getValue()))
                    .toList();
            return Map.of("customerId", customer, "lines", requested, "paymentToken", token);
        }

        public OrderId place() {
            var response = web.post()
                    .uri("/api/orders")
                    .bodyValue(body())
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.ACCEPTED)
                    .expectHeader()
                    .valueMatches("Location", "/api/orders/ord_.+")
                    .expectBody(Map.class)
                    .returnResult();
            return new OrderId(response.getResponseBody().get("orderId").toString());
        }
    }
}
