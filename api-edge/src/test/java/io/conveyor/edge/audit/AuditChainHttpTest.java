package io.conveyor.edge.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The hash chain pinpoints an edit made behind the application's back: a payload changed with plain SQL, then an
 * event deleted. A context of its own, since the store is tampered with.
 */
@HttpTest
@TestPropertySource(properties = "conveyor.test.purpose=audit")
@DirtiesContext
class AuditChainHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_payload_edited_with_sql_and_a_deleted_event_are_pinpointed() {
        ConveyorApi api = new ConveyorApi(web);
        ProductId mug = api.createProduct(1250, 10);
        for (int i = 0; i < 3; i++) {
            api.restock(mug, 1);
        }
        long newest = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> get("/api/audit/head").get("position").asLong() >= newest);

        JsonNode intact = get("/api/audit/verify");
        assertThat(intact.get("valid").asBoolean()).isTrue();
        long head = intact.get("head").get("position").asLong();
        assertThat(intact.get("checked").asLong()).isEqualTo(head - holesBelow(head + 1));
        assertThat(intact.get("firstMismatch").isNull()).isTrue();

        long restock = jdbc.queryForObject(
                "select min(global_index) from domain_event_entry"
                        + " where aggregate_identifier = ? and payload_type like ?",
                Long.class,
                mug.value(),
                "%ProductRestockedEvent");
        byte[] original = jdbc.queryForObject(
                "select payload from domain_event_entry where global_index = ?", byte[].class, restock);
        String edited = new String(original, StandardCharsets.UTF_8).replace("\"quantity\":1", "\"quantity\":100");
        assertThat(edited).isNotEqualTo(new String(original, StandardCharsets.UTF_8));
        jdbc.update(
                "update domain_event_entry set payload = ? where global_index = ?",
                edited.getBytes(StandardCharsets.UTF_8),
                restock);

        JsonNode tampered = get("/api/audit/verify");
        assertThat(tampered.get("valid").asBoolean()).isFalse();
        assertThat(tampered.get("firstMismatch").get("position").asLong()).isEqualTo(restock);
        assertThat(tampered.get("checked").asLong()).isEqualTo(restock - 1 - holesBelow(restock));

        jdbc.update("update domain_event_entry set payload = ? where global_index = ?", original, restock);
        assertThat(get("/api/audit/verify").get("valid").asBoolean()).isTrue();

        jdbc.update("delete from domain_event_entry where global_index = ?", restock);
        JsonNode deleted = get("/api/audit/verify");
        assertThat(deleted.get("valid").asBoolean()).isFalse();
        assertThat(deleted.get("firstMismatch").get("position").asLong()).isEqualTo(restock);
        assertThat(deleted.get("firstMismatch").get("reason").asText()).contains("missing");
    }

    /** Positions below {@code position} that hold no event (rolled-back appends). */
    private long holesBelow(long position) {
        long present = jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index < ?", Long.class, position);
        return position - 1 - present;
    }

    private JsonNode get(String uri) {
        return new ConveyorApi(web).json(uri);
    }
}
