package io.conveyor.edge.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.Repository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The OpenAPI document the application serves is the committed docs/openapi.yaml, and what it promises about
 * statuses and headers is what the application answers.
 */
@HttpTest
class OpenApiContractTest {
    /** {@code -Dconveyor.openapi.update=true}: write the served document to docs/openapi.yaml instead of failing. */
    static final String UPDATE = "conveyor.openapi.update";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int MAX_DIFFERENCES = 25;

    @Autowired
    WebTestClient web;

    ConveyorApi api;
    JsonNode document;

    @BeforeEach
    void setUp() throws IOException {
        api = new ConveyorApi(web);
        document = YAML.readTree(served());
    }

    @Test
    void the_served_document_is_the_committed_one() throws IOException {
        String served = served();
        Path committed = Repository.file("docs/openapi.yaml");
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(committed, served, StandardCharsets.UTF_8);
        }
        JsonNode expected = Files.exists(committed) ? YAML.readTree(committed.toFile()) : MissingNode.getInstance();
        List<String> differences = new ArrayList<>();
        compare("", expected, YAML.readTree(served), differences);
        if (!differences.isEmpty()) {
            Path written = Repository.file("api-edge/target/openapi.yaml");
            Files.createDirectories(written.getParent());
            Files.writeString(written, served, StandardCharsets.UTF_8);
            fail("""
                    The served OpenAPI document differs from docs/openapi.yaml at:
                      %s
                    It is written to %s. If the change is meant, update the committed file with
                      ./mvnw -pl api-edge -am verify -Dtest=OpenApiContractTest -Dsurefire.failIfNoSpecifiedTests=false \
                    -DskipITs -Dconveyor.openapi.update=true
                    (or copy that file over docs/openapi.yaml) and commit it with the change.""".formatted(String.join("\n  ", differences), written));
        }
    }

    @Test
    void the_document_is_openapi_3_1_with_a_server_that_names_no_port() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("servers").findValuesAsText("url")).containsExactly("/");
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText())
                .isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/bearerAuth/bearerFormat")
                        .asText())
                .isEqualTo("JWT");
        assertThat(document.path("paths").fieldNames())
                .toIterable()
                .allMatch(path -> path.startsWith("/api/"), "only the API, no actuator");
    }

    @Test
    void every_operation_states_its_scopes_and_the_problems_every_request_can_meet() {
        operations().forEach((name, operation) -> {
            if (name.equals("post /api/carriers/{carrier}/events")) {
                // a carrier signs its reports instead
                assertThat(operation.at("/security/0/webhookSignature").isArray())
                        .as(name + " asks for a signature")
                        .isTrue();
                assertThat(operation.path("responses").fieldNames())
                        .toIterable()
                        .as(name)
                        .contains("400", "401", "404", "500")
                        .doesNotContain("403", "429");
                return;
            }
            assertThat(operation.at("/security/0/bearerAuth").isArray())
                    .as(name + " asks for a bearer token")
                    .isTrue();
            assertThat(operation.path("responses").fieldNames())
                    .toIterable()
                    .as(name)
                    .contains("400", "401", "403", "500");
        });
        assertThat(operation("post", "/api/products")
                        .at("/security/0/bearerAuth")
                        .toString())
                .isEqualTo("[\"products:write\"]");
        assertThat(operation("get", "/api/products")
                        .at("/security/0/bearerAuth")
                        .toString())
                .isEqualTo("[]");
    }

    @Test
    void a_command_answers_the_status_and_headers_it_documents_also_when_replayed() {
        String key = "contract-" + UUID.randomUUID();
        String body = "{\"sku\":\"SKU-" + UUID.randomUUID()
                + "\",\"name\":\"Mug\",\"priceMinor\":100,\"currency\":\"EUR\",\"initialStock\":1}";
        EntityExchangeResult<byte[]> first = post("/api/products", key, body);
        EntityExchangeResult<byte[]> replay = post("/api/products", key, body);

        JsonNode created = operation("post", "/api/products").path("responses");
        assertThat(created.has(Integer.toString(first.getStatus().value())))
                .as("documents " + first.getStatus())
                .isTrue();
        Set<String> documented =
                headers(created.path(Integer.toString(first.getStatus().value())));
        assertThat(documented)
                .containsExactlyInAnyOrder(
                        "Conveyor-Position", "Idempotent-Replayed", "Location", "X-Request-Id", "traceparent");
        assertThat(replay.getResponseHeaders().keySet()).containsAll(documented);
        Set<String> always = new TreeSet<>(documented);
        always.remove("Idempotent-Replayed");
        assertThat(first.getResponseHeaders().keySet()).containsAll(always);
    }

    @Test
    void problems_answer_with_statuses_and_headers_their_operation_documents() {
        ProductId product = api.createProduct(100, 1);
        EntityExchangeResult<byte[]> notFound = web.get()
                .uri("/api/products/{id}", "prd_" + UUID.randomUUID())
                .exchange()
                .expectBody()
                .returnResult();
        EntityExchangeResult<byte[]> badPosition = web.get()
                .uri("/api/products/{id}", product)
                .header("Conveyor-Min-Position", "soon")
                .exchange()
                .expectBody()
                .returnResult();
        EntityExchangeResult<byte[]> refused = post("/api/products/" + product + "/restock", null, "{\"quantity\":0}");

        assertDocumented(operation("get", "/api/products/{productId}"), notFound, 404);
        assertDocumented(operation("get", "/api/products/{productId}"), badPosition, 400);
        assertDocumented(operation("post", "/api/products/{productId}/restock"), refused, 422);
    }

    @Test
    void swagger_ui_shows_the_document() {
        web.get()
                .uri("/swagger-ui.html")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .expectHeader()
                .valueMatches(HttpHeaders.LOCATION, ".*/swagger-ui/index.html");
        web.get()
                .uri("/swagger-ui/swagger-initializer.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(script -> assertThat(script).contains("/v3/api-docs"));
    }

    private void assertDocumented(JsonNode operation, EntityExchangeResult<byte[]> result, int status) {
        assertThat(result.getStatus().value()).isEqualTo(status);
        JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
        assertThat(response.isMissingNode()).as(status + " is documented").isFalse();
        assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .isTrue();
        assertThat(response.path("content").has("application/problem+json")).isTrue();
        assertThat(result.getResponseHeaders().keySet()).containsAll(headers(response));
    }

    private EntityExchangeResult<byte[]> post(String uri, String idempotencyKey, String body) {
        return web.post()
                .uri(uri)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .bodyValue(body)
                .exchange()
                .expectBody()
                .returnResult();
    }

    private String served() {
        return api.web()
                .get()
                .uri("/v3/api-docs.yaml")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        document.path("paths")
                .fields()
                .forEachRemaining(path -> path.getValue()
                        .fields()
                        .forEachRemaining(op -> operations.put(op.getKey() + " " + path.getKey(), op.getValue())));
        assertThat(operations).isNotEmpty();
        return operations;
    }

    private JsonNode operation(String method, String path) {
        JsonNode operation = document.path("paths").path(path).path(method);
        assertThat(operation.isMissingNode()).as(method + " " + path).isFalse();
        return operation;
    }

    private Set<String> headers(JsonNode response) {
        Set<String> names = new TreeSet<>();
        resolve(response).path("headers").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText(null);
        return ref == null ? node : document.at(ref.substring(1));
    }

    /** Where two YAML trees differ, as paths; key order and formatting are no difference. */
    private static void compare(String at, JsonNode expected, JsonNode actual, List<String> differences) {
        if (differences.size() >= MAX_DIFFERENCES) {
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Set<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String step = key.contains("/") || key.contains(".") ? "[\"" + key + "\"]" : "." + key;
                compare(at + step, expected.path(key), actual.path(key), differences);
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext(); i++) {
                compare(at + "[" + i + "]", e.next(), a.next(), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add((at.isEmpty() ? "the whole document" : at.substring(at.startsWith(".") ? 1 : 0))
                    + (expected.isMissingNode() ? " (new)" : actual.isMissingNode() ? " (gone)" : " (changed)"));
        }
    }
}
