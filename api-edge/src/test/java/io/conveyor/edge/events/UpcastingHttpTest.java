package io.conveyor.edge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.edge.security.Scopes;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A product created before {@code ProductCreatedEvent} revision 2 is stored exactly as it was then, with
 * {@code priceMinor}; the aggregate, the projection, time travel and the event log all read it as revision 2.
 */
@HttpTest
class UpcastingHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_revision_1_product_reads_as_revision_2_everywhere() {
        ProductId old = new ProductId("prd_" + UUID.randomUUID());
        Instant createdAt = Instant.now();
        String payload = "{\"productId\":\"" + old + "\",\"sku\":\"OLD-"
                + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"name\":\"Tin mug\",\"priceMinor\":990,\"currency\":\"EUR\",\"initialStock\":7}";
        jdbc.update(
                "insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,"
                        + " payload_type, payload_revision, time_stamp, meta_data, payload)"
                        + " values (?, 0, 'Product', ?, ?, '1', ?, ?, ?)",
                old.value(),
                UUID.randomUUID().toString(),
                ProductCreatedEvent.class.getName(),
                createdAt.toString(),
                "{}".getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8));
        // an event from before tenants names none: it belongs to the default tenant
        WebTestClient legacy = web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TenantMetadata.DEFAULT, Scopes.ALL))
                .build();
        ConveyorApi api = new ConveyorApi(legacy);

        // the projection reads it
        api.awaitStock(old, 7, 0);
        ProductView projected = api.product(old);
        assertThat(projected.priceMinor()).isEqualTo(990);

        // the aggregate loads it and takes a command
        api.restock(old, 3);
        api.awaitStock(old, 10, 0);

        // time travel folds it
        ProductView then = legacy.get()
                .uri("/api/products/{id}?asOf={at}", old, createdAt)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ProductView.class)
                .returnResult()
                .getResponseBody();
        assertThat(then.priceMinor()).isEqualTo(990);
        assertThat(then.available()).isEqualTo(7);

        // the event log shows today's shape and name
        JsonNode created = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> legacy.get()
                                .uri("/api/products/{id}/history", old)
                                .exchange()
                                .expectBody(JsonNode.class)
                                .returnResult()
                                .getResponseBody()
                                .get("events")
                                .get(0),
                        event -> event != null);
        assertThat(created.get("type").asText()).isEqualTo("products.ProductCreated.v2");
        assertThat(created.get("revision").asText()).isEqualTo("2");
        assertThat(created.get("payload").get("unitPriceMinor").asLong()).isEqualTo(990);
        assertThat(created.get("payload").has("priceMinor")).isFalse();
    }
}
