package io.conveyor.edge.error;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Bad input never yields a 500: every kind of mistake has its status and its stable problem type. */
@HttpTest
class ProblemResponsesHttpTest {
    private static final String TYPES = "https://conveyor.io/problems/";

    @Autowired
    WebTestClient web;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("POST", "/api/products", "{\"sku\":", 400, "malformed-request"),
                Arguments.of("POST", "/api/products", "", 400, "malformed-request"),
                Arguments.of("POST", "/api/products", "[1,2]", 400, "malformed-request"),
                Arguments.of(
                        "POST",
                        "/api/products",
                        "{\"sku\":\"A\",\"name\":\"x\",\"priceMinor\":\"ten\",\"currency\":\"EUR\",\"initialStock\":1}",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "POST",
                        "/api/products",
                        "{\"sku\":\" \",\"name\":\"x\",\"priceMinor\":-1,\"currency\":\"euro\",\"initialStock\":1}",
                        400,
                        "validation-failed"),
                Arguments.of("POST", "/api/products", "{}", 400, "validation-failed"),
                Arguments.of(
                        "POST",
                        "/api/products",
                        "{\"sku\":\"A\",\"name\":\"x\",\"priceMinor\":1,\"currency\":\"EUR\",\"initialStock\":1,\"colour\":\"red\"}",
                        400,
                        "malformed-request"),
                Arguments.of(
                        "POST",
                        "/api/products",
                        "{\"sku\":\"A\",\"name\":\"x\",\"priceMinor\":1,\"currency\":\"XYZ\",\"initialStock\":1}",
                        422,
                        "rule-violated"),
                Arguments.of(
                        "POST",
                        "/api/orders",
                        "{\"customerId\":\"c\",\"lines\":[],\"paymentToken\":\"t\"}",
                        400,
                        "validation-failed"),
                Arguments.of(
                        "POST",
                        "/api/orders",
                        "{\"customerId\":\"c\",\"lines\":[{\"productId\":\"p\",\"quantity\":0}],\"paymentToken\":\"t\"}",
                        400,
                        "validation-failed"),
                Arguments.of(
                        "POST",
                        "/api/orders",
                        "{\"customerId\":\"c\",\"lines\":[{\"productId\":\"prd_unknown\",\"quantity\":1}],\"paymentToken\":\"t\"}",
                        422,
                        "rule-violated"),
                Arguments.of(
                        "POST",
                        "/api/orders",
                        "{\"customerId\":\"c\",\"lines\":[{\"productId\":\"p\",\"quantity\":1}],\"paymentToken\":\"4111111111111111\"}",
                        422,
                        "rule-violated"),
                Arguments.of("GET", "/api/orders/ord_unknown", null, 404, "not-found"),
                Arguments.of("GET", "/api/products/prd_unknown", null, 404, "not-found"),
                Arguments.of("GET", "/api/shipments/shp_unknown", null, 404, "not-found"),
                Arguments.of("POST", "/api/orders/ord_unknown/cancel", "{}", 404, "not-found"),
                Arguments.of("POST", "/api/shipments/shp_unknown/dispatch", null, 404, "not-found"),
                Arguments.of("POST", "/api/products/prd_unknown/restock", "{\"quantity\":1}", 404, "not-found"),
                Arguments.of("GET", "/api/orders?status=LOST", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/orders?size=0", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/orders?page=x", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/events?after=-1", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/events?after=x", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/events?limit=0", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/events?limit=10001", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/events?type=orders.Teleported.v1", null, 400, "validation-failed"),
                Arguments.of("GET", "/api/orders/ord_unknown/history", null, 404, "not-found"),
                Arguments.of("DELETE", "/api/orders", null, 405, "method-not-allowed"),
                Arguments.of("GET", "/api/nowhere", null, 404, "not-found"));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
    @MethodSource("badRequests")
    void answers_with_a_problem(String method, String path, String body, int status, String type) {
        var request = web.method(HttpMethod.valueOf(method)).uri(path);
        var exchange = body == null
                ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange();
        exchange.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + type)
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.detail")
                .isNotEmpty();
    }

    @Test
    void an_unknown_field_is_named_and_an_oversized_body_refused() {
        web.post()
                .uri("/api/products/{id}/restock", "prd_x")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"quantity\":1,\"quantitty\":2}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("field 'quantitty' is not part of this request");
        web.post()
                .uri("/api/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"customerId\":\"" + "c".repeat(70_000) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void validation_problems_name_each_field() {
        web.post()
                .uri("/api/products")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"sku\":\"\",\"name\":\"x\",\"priceMinor\":-1,\"currency\":\"EUR\",\"initialStock\":1}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'sku')]")
                .exists()
                .jsonPath("$.errors[?(@.field == 'priceMinor')]")
                .exists()
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
    }

    @Test
    void a_restock_of_zero_is_a_business_rejection_with_its_code() {
        ProductId product = api.createProduct(100, 1);
        web.post()
                .uri("/api/products/{id}/restock", product)
                .bodyValue(java.util.Map.of("quantity", 0))
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo(TYPES + "rule-violated")
                .jsonPath("$.code")
                .isEqualTo("invalid-quantity");
    }

    @Test
    void a_second_product_with_a_taken_sku_is_a_conflict() {
        String body = "{\"sku\":\"DUP-1\",\"name\":\"x\",\"priceMinor\":1,\"currency\":\"EUR\",\"initialStock\":1}";
        web.post()
                .uri("/api/products")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
        web.post()
                .uri("/api/products")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("sku-taken");
    }

    @Test
    void delivering_before_dispatch_is_a_conflict() {
        ProductId product = api.createProduct(100, 5);
        var order = api.anOrder().line(product, 1).place();
        var paid = api.awaitOrder(order, o -> o.shipmentId() != null);
        web.post()
                .uri("/api/shipments/{id}/deliver", paid.shipmentId())
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("shipment-not-dispatched");
    }
}
