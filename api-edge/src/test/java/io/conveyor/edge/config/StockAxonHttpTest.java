package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.security.Scopes;
import io.conveyor.edge.security.Tenants;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import io.conveyor.projection.stock.ProductStockProjection;
import java.util.Map;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The same application on Axon's defaults, as the benchmark starts it for comparison: Axon's JPA engine with its batch
 * size, no aggregate cache, no snapshots, untuned tracking processors, and a time limit on each event handler's call.
 * It still stores, projects, and replays; the default tenant uses it, as the JPA engine stores every event as that
 * tenant's.
 */
@HttpTest
@TestPropertySource(
        properties = {
            "conveyor.test.purpose=stock-axon",
            "conveyor.processing.mode=tracking",
            "conveyor.event-store.engine=jpa",
            "conveyor.event-store.jpa-single-tenant=true",
            "conveyor.event-store.batch-size=100",
            "conveyor.aggregates.cache=false",
            "conveyor.aggregates.snapshot-threshold=0",
            "axon.timeout.handler.events.timeout-ms=30000",
            "axon.timeout.handler.events.warning-threshold-ms=10000"
        })
@DirtiesContext
class StockAxonHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    @Qualifier("aggregateCache")
    Cache aggregateCache;

    @Autowired
    @Qualifier("aggregateSnapshotTrigger")
    SnapshotTriggerDefinition snapshotTrigger;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Configuration axon;

    @Test
    void a_product_is_stored_projected_restocked_and_replayed() {
        ConveyorApi api = new ConveyorApi(web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer(Tenants.DEFAULT, Scopes.ALL))
                .build());

        ProductId mug = api.createProduct(1250, 10);
        assertThat(jdbc.queryForList(
                        "select tenant from domain_event_entry where aggregate_identifier = ?",
                        String.class,
                        mug.value()))
                .containsExactly(Tenants.DEFAULT);
        api.awaitStock(mug, 10, 0);

        api.restock(mug, 5);
        api.awaitStock(mug, 15, 0);

        JsonNode started = api.web()
                .post()
                .uri("/api/admin/projections/product-stock/replay")
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(started.get("replaying").asBoolean()).isTrue();
        await().atMost(ConveyorApi.PATIENCE).until(() -> {
            JsonNode now = api.json("/api/admin/projections/product-stock");
            return !now.get("replaying").asBoolean() && now.get("lag").asLong() == 0;
        });
        JsonNode replayed = api.json("/api/admin/projections/product-stock");
        assertThat(replayed.get("status").asText()).isEqualTo("running");
        assertThat(replayed.get("segments").asInt()).isEqualTo(1);
        api.awaitStock(mug, 15, 0);
    }

    @Test
    void every_streaming_processor_is_a_tracking_processor_with_one_thread_and_one_segment() {
        Map<String, EventProcessor> processors = processing.eventProcessors();
        assertThat(processors).containsKeys("product-stock", "order-view", "payment-gateway");
        processors.forEach((name, processor) -> {
            if (name.equals("product-catalogue")) { // subscribing in either mode: it is part of the command
                assertThat(processor).isInstanceOf(SubscribingEventProcessor.class);
                return;
            }
            assertThat(processor).as(name).isInstanceOf(TrackingEventProcessor.class);
            TrackingEventProcessor tracking = (TrackingEventProcessor) processor;
            assertThat(tracking.maxCapacity()).as(name).isEqualTo(1);
            await().atMost(ConveyorApi.PATIENCE)
                    .untilAsserted(() ->
                            assertThat(tracking.processingStatus()).as(name).containsOnlyKeys(0));
        });
        assertThat(processing.sequencedDeadLetterProcessor("product-stock")).isPresent();
    }

    @Test
    void every_event_handlers_call_has_axons_time_limit() {
        assertThat(HandlerTimeoutsHttpTest.handlers(axon, ProductStockProjection.class, EventMessage.class))
                .isNotEmpty()
                .allMatch(HandlerTimeoutsHttpTest::timeLimited);
    }

    @Test
    void events_are_stored_by_axons_jpa_engine_and_aggregates_are_neither_cached_nor_snapshotted() {
        assertThat(engine).isInstanceOf(JpaEventStorageEngine.class);
        assertThat(aggregateCache).isSameAs(NoCache.INSTANCE);
        assertThat(snapshotTrigger).isSameAs(NoSnapshotTriggerDefinition.INSTANCE);
    }
}
