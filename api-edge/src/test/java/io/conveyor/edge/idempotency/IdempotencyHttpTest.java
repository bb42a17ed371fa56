package io.conveyor.edge.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Retries with an Idempotency-Key have one effect, and get the first answer again. */
@HttpTest
class IdempotencyHttpTest {
    @Autowired
    WebTestClient web;

    @LocalServerPort
    int port;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void twenty_concurrent_duplicates_restock_once_and_later_ones_replay_the_answer() {
        ProductId mug = api.createProduct(1250, 10);
        String key = UUID.randomUUID().toString();

        List<ResponseEntity<String>> answers = Flux.range(0, 20)
                .parallel(20)
                .runOn(Schedulers.boundedElastic())
                .flatMap(i -> restock(mug, key, 5))
                .sequential()
                .collectList()
                .block(ConveyorApi.PATIENCE);

        assertThat(answers)
                .allSatisfy(a -> assertThat(a.getStatusCode().value()).isIn(202, 409));
        assertThat(answers.stream()
                        .filter(a -> a.getStatusCode().value() == 202)
                        .filter(a -> a.getHeaders().getFirst(IdempotencyFilter.REPLAYED) == null))
                .as("exactly one request ran")
                .hasSize(1);
        assertThat(restocksOf(mug)).isEqualTo(1);
        api.awaitStock(mug, 15, 0);

        ResponseEntity<String> first = answers.stream()
                .filter(a -> a.getHeaders().getFirst(IdempotencyFilter.REPLAYED) == null)
                .filter(a -> a.getStatusCode().value() == 202)
                .findFirst()
                .orElseThrow();
        ResponseEntity<String> later = restock(mug, key, 5).block(ConveyorApi.PATIENCE);
        assertThat(later.getStatusCode().value()).isEqualTo(202);
        assertThat(later.getHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(later.getBody()).isEqualTo(first.getBody());
        assertThat(later.getHeaders().getFirst("Conveyor-Position"))
                .isEqualTo(first.getHeaders().getFirst("Conveyor-Position"));
        assertThat(restocksOf(mug)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_request_is_refused() {
        ProductId tea = api.createProduct(500, 5);
        String key = UUID.randomUUID().toString();
        assertThat(restock(tea, key, 1)
                        .block(ConveyorApi.PATIENCE)
                        .getStatusCode()
                        .value())
                .isEqualTo(202);

        web.post()
                .uri("/api/products/{id}/restock", tea)
                .header(IdempotencyFilter.KEY, key)
                .bodyValue(Map.of("quantity", 2))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/idempotency-key-reused");
        web.post()
                .uri("/api/products/{id}/restock", tea)
                .header(IdempotencyFilter.KEY, "k".repeat(256))
                .bodyValue(Map.of("quantity", 2))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void a_retried_order_is_the_same_order() {
        ProductId kettle = api.createProduct(4000, 5);
        String key = UUID.randomUUID().toString();
        Map<String, Object> order = api.anOrder().line(kettle, 1).body();

        var first = place(order, key);
        var again = place(order, key);

        assertThat(again.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED))
                .isEqualTo("true");
        assertThat(again.getResponseHeaders().getLocation())
                .isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        JsonNode placed =
                api.json("/api/events?type=orders.OrderPlaced.v1&limit=1000").get("events");
        assertThat(StreamSupport.stream(placed.spliterator(), false)
                        .filter(e -> e.get("payload")
                                .get("lines")
                                .get(0)
                                .get("productId")
                                .asText()
                                .equals(kettle.value())))
                .hasSize(1);
    }

    private org.springframework.test.web.reactive.server.EntityExchangeResult<String> place(
            Map<String, Object> order, String key) {
        return web.post()
                .uri("/api/orders")
                .header(IdempotencyFilter.KEY, key)
                .bodyValue(order)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(String.class)
                .returnResult();
    }

    private reactor.core.publisher.Mono<ResponseEntity<String>> restock(ProductId product, String key, int quantity) {
        return TestTokens.webClient("http://localhost:" + port)
                .post()
                .uri("/api/products/{id}/restock", product)
                .header(IdempotencyFilter.KEY, key)
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .bodyValue(Map.of("quantity", quantity))
                .exchangeToMono(r -> r.toEntity(String.class));
    }

    private long restocksOf(ProductId product) {
        JsonNode events = api.json("/api/products/" + product + "/history").get("events");
        return StreamSupport.stream(events.spliterator(), false)
                .filter(e -> e.get("type").asText().equals("products.ProductRestocked.v1"))
                .count();
    }
}
