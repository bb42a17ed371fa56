package io.conveyor.edge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two tenants on one platform: each sees only its own aggregates, read models, events, streams and audit chain, and
 * another tenant's ids answer exactly as unknown ones do.
 */
@HttpTest
class TenantIsolationHttpTest {
    @Autowired
    WebTestClient web;

    private ConveyorApi acme;
    private ConveyorApi globex;
    private WebTestClient globexWeb;

    @BeforeEach
    void setUp() {
        acme = new ConveyorApi(web);
        globexWeb = web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer("globex-" + UUID.randomUUID(), Scopes.ALL))
                .build();
        globex = new ConveyorApi(globexWeb);
    }

    @Test
    void another_tenants_order_product_and_shipment_answer_404() {
        ProductId mug = acme.createProduct(1250, 10);
        OrderId order = acme.anOrder().line(mug, 1).place();
        var paid = acme.awaitOrder(order, o -> o.shipmentId() != null);

        for (String uri : List.of(
                "/api/orders/" + order,
                "/api/orders/" + order + "?asOf=" + Instant.now(),
                "/api/orders/" + order + "/history",
                "/api/orders/" + order + "/stream",
                "/api/products/" + mug,
                "/api/products/" + mug + "?asOf=" + Instant.now(),
                "/api/products/" + mug + "/history",
                "/api/shipments/" + paid.shipmentId())) {
            globexWeb
                    .get()
                    .uri(uri)
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://conveyor.io/problems/not-found");
        }
        // commands on another tenant's aggregates find nothing either, and change nothing
        globexWeb
                .post()
                .uri("/api/products/{id}/restock", mug)
                .bodyValue(Map.of("quantity", 5))
                .exchange()
                .expectStatus()
                .isNotFound();
        globexWeb
                .post()
                .uri("/api/orders/{id}/cancel", order)
                .bodyValue(Map.of("reason", "not mine"))
                .exchange()
                .expectStatus()
                .isNotFound();
        globexWeb
                .post()
                .uri("/api/shipments/{id}/dispatch", paid.shipmentId())
                .exchange()
                .expectStatus()
                .isNotFound();
        assertThat(acme.order(order).status()).isEqualTo(OrderStatus.PAID);
        assertThat(acme.product(mug).available()).isEqualTo(9);
    }

    @Test
    void an_order_cannot_use_another_tenants_product() {
        ProductId mug = acme.createProduct(1250, 10);
        globexWeb
                .post()
                .uri("/api/orders")
                .bodyValue(Map.of(
                        "customerId",
                        "cus_1",
                        "lines",
                        List.of(Map.of("productId", mug.value(), "quantity", 1)),
                        "paymentToken",
                        "tok_visa"))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("product " + mug + " does not exist");
    }

    @Test
    void listings_and_the_event_log_hold_only_the_tenants_own() {
        ProductId acmeMug = acme.createProduct(1250, 10);
        OrderId acmeOrder = acme.anOrder().line(acmeMug, 1).place();
        ProductId globexMug = globex.createProduct(990, 3);
        OrderId globexOrder = globex.anOrder().line(globexMug, 1).place();
        globex.awaitOrder(globexOrder, o -> o.shipmentId() != null);
        acme.awaitOrder(acmeOrder, o -> o.shipmentId() != null);

        assertThat(ids(globex.json("/api/products"), "productId")).containsExactly(globexMug.value());
        assertThat(ids(globex.json("/api/orders?size=100").get("items"), "orderId"))
                .containsExactly(globexOrder.value());
        assertThat(ids(acme.json("/api/products"), "productId"))
                .contains(acmeMug.value())
                .doesNotContain(globexMug.value());

        List<String> globexEventAggregates =
                ids(globex.json("/api/events?limit=10000").get("events"), "aggregateId");
        assertThat(globexEventAggregates)
                .contains(globexMug.value(), globexOrder.value())
                .doesNotContain(acmeMug.value(), acmeOrder.value());
        for (JsonNode event : globex.json("/api/events?limit=10000").get("events")) {
            assertThat(event.get("metadata").get("tenant").asText()).startsWith("globex-");
        }

        String export = globexWeb
                .get()
                .uri("/api/events/export")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(export).contains(globexOrder.value()).doesNotContain(acmeOrder.value(), acmeMug.value());
    }

    @Test
    void the_event_stream_carries_only_the_tenants_events() {
        ProductId globexMug = globex.createProduct(990, 3);
        acme.createProduct(1250, 10);
        ProductId secondGlobexMug = globex.createProduct(990, 3);

        List<ServerSentEvent<JsonNode>> received = globexWeb
                .get()
                .uri("/api/events/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(new ParameterizedTypeReference<ServerSentEvent<JsonNode>>() {})
                .getResponseBody()
                .filter(event -> event.data() != null)
                .take(2)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(received)
                .extracting(event -> event.data().get("aggregateId").asText())
                .containsExactly(globexMug.value(), secondGlobexMug.value());
    }

    @Test
    void skus_and_idempotency_keys_belong_to_their_tenant() {
        String sku = "SHARED-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        Map<String, Object> product =
                Map.of("sku", sku, "name", "Mug", "priceMinor", 100, "currency", "EUR", "initialStock", 1);
        String first = created(web, product, key);
        String second = created(globexWeb, product, key);
        assertThat(second)
                .as("the same key in another tenant is another request")
                .isNotEqualTo(first);
    }

    @Test
    void each_tenant_has_an_audit_chain_of_its_own() {
        ProductId globexMug = globex.createProduct(990, 3);
        globex.restock(globexMug, 2);
        acme.createProduct(1250, 10);

        await().atMost(ConveyorApi.PATIENCE)
                .untilAsserted(() -> assertThat(
                                globex.json("/api/audit/verify").get("checked").asLong())
                        .isEqualTo(2));
        JsonNode verification = globex.json("/api/audit/verify");
        assertThat(verification.get("valid").asBoolean()).isTrue();
        JsonNode head = globex.json("/api/audit/head");
        assertThat(head.get("position").asLong())
                .isEqualTo(verification.get("head").get("position").asLong());
        assertThat(acme.json("/api/audit/head").get("chainValue").asText())
                .isNotEqualTo(head.get("chainValue").asText());
    }

    private static String created(WebTestClient client, Map<String, Object> body, String key) {
        return client.post()
                .uri("/api/products")
                .header("Idempotency-Key", key)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .doesNotExist("Idempotent-Replayed")
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("productId")
                .asText();
    }

    private static List<String> ids(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(node -> node.get(field).asText())
                .distinct()
                .toList();
    }
}
