package io.conveyor.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Operators see every processor's progress and rebuild a projection from the log while the application serves. A
 * context of its own, since a replay clears a read model for a moment.
 */
@HttpTest
@TestPropertySource(properties = "conveyor.test.purpose=admin")
@DirtiesContext
class ProjectionAdminHttpTest {
    @Autowired
    WebTestClient web;

    @Test
    void a_replay_rebuilds_the_same_read_model_while_reads_go_on() {
        ConveyorApi api = new ConveyorApi(web);
        ProductId mug = api.createProduct(1250, 10);
        api.createProduct(500, 5);
        OrderId order = api.anOrder().line(mug, 2).place();
        api.awaitOrder(order, o -> o.shipmentId() != null);
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> projection("product-stock").get("lag").asLong() == 0);
        JsonNode before = get("/api/products");

        JsonNode listed = projection("product-stock");
        assertThat(listed.get("status").asText()).isEqualTo("running");
        assertThat(listed.get("replayable").asBoolean()).isTrue();
        assertThat(listed.get("position").asLong()).isEqualTo(listed.get("head").asLong());
        assertThat(listed.get("progress").asDouble()).isEqualTo(100.0);
        assertThat(listed.get("segments").asInt()).isEqualTo(4);

        JsonNode started = web.post()
                .uri("/api/admin/projections/product-stock/replay")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(started.get("replaying").asBoolean()).isTrue();
        web.get().uri("/api/products").exchange().expectStatus().isOk(); // still serving

        await().atMost(ConveyorApi.PATIENCE).until(() -> {
            JsonNode now = projection("product-stock");
            return !now.get("replaying").asBoolean() && now.get("lag").asLong() == 0;
        });
        await().atMost(ConveyorApi.PATIENCE).until(() -> get("/api/products").equals(before));
    }

    @Test
    void processors_that_cannot_replay_say_so_and_refuse() {
        JsonNode all = get("/api/admin/projections");
        JsonNode fixed = StreamSupport.stream(all.spliterator(), false)
                .filter(p -> !p.get("replayable").asBoolean())
                .findFirst()
                .orElseThrow();

        web.post()
                .uri("/api/admin/projections/{name}/replay", fixed.get("name").asText())
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("not-replayable");
        web.post()
                .uri("/api/admin/projections/nothing-like-it/replay")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private JsonNode projection(String name) {
        return get("/api/admin/projections/" + name);
    }

    private JsonNode get(String uri) {
        return new ConveyorApi(web).json(uri);
    }
}
