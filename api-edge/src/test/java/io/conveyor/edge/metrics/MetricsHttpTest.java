package io.conveyor.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What {@code /actuator/prometheus} exposes, read from the registry behind it: the suite's contexts share it with other
 * tests, so each check compares counts before and after.
 */
@HttpTest
class MetricsHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void commands_are_timed_by_command_and_outcome_as_the_edge_answers_them() {
        long created = commands("CreateProductCommand", "ok");
        long restocked = commands("RestockProductCommand", "ok");
        long rejected = commands("RestockProductCommand", "rejected");
        long missing = commands("RestockProductCommand", "not-found");

        ProductId mug = api.createProduct(1250, 10);
        api.restock(mug, 5);
        restock(mug, 0).expectStatus().isEqualTo(422);
        restock(new ProductId("prd_" + UUID.randomUUID()), 5).expectStatus().isNotFound();

        assertThat(commands("CreateProductCommand", "ok")).isEqualTo(created + 1);
        assertThat(commands("RestockProductCommand", "ok")).isEqualTo(restocked + 1);
        assertThat(commands("RestockProductCommand", "rejected")).isEqualTo(rejected + 1);
        assertThat(commands("RestockProductCommand", "not-found")).isEqualTo(missing + 1);
        Timer ok = meters.get(CommandMetrics.NAME)
                .tags("command", "RestockProductCommand", "outcome", "ok")
                .timer();
        assertThat(ok.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void events_are_counted_by_type_once_stored_and_not_when_the_command_was_rejected() {
        double productsCreated = appended("products.ProductCreated.v2");
        double restocks = appended("products.ProductRestocked.v1");

        ProductId tea = api.createProduct(500, 5);
        restock(tea, 0).expectStatus().isEqualTo(422);
        api.restock(tea, 3);
        api.restock(tea, 4);

        assertThat(appended("products.ProductCreated.v2")).isEqualTo(productsCreated + 1);
        assertThat(appended("products.ProductRestocked.v1")).isEqualTo(restocks + 2);
    }

    @Test
    void an_idempotent_replay_is_counted_and_runs_no_command() {
        ProductId jug = api.createProduct(800, 1);
        String key = UUID.randomUUID().toString();
        double replays = replays();
        long restocked = commands("RestockProductCommand", "ok");

        restockOnce(jug, key).expectHeader().doesNotExist("Idempotent-Replayed");
        restockOnce(jug, key).expectHeader().valueEquals("Idempotent-Replayed", "true");

        assertThat(replays()).isEqualTo(replays + 1);
        assertThat(commands("RestockProductCommand", "ok")).isEqualTo(restocked + 1);
    }

    private WebTestClient.ResponseSpec restock(ProductId product, int quantity) {
        return web.post()
                .uri("/api/products/{id}/restock", product)
                .bodyValue(Map.of("quantity", quantity))
                .exchange();
    }

    private WebTestClient.ResponseSpec restockOnce(ProductId product, String key) {
        return web.post()
                .uri("/api/products/{id}/restock", product)
                .header("Idempotency-Key", key)
                .bodyValue(Map.of("quantity", 2))
                .exchange()
                .expectStatus()
                .isAccepted();
    }

    private long commands(String command, String outcome) {
        Timer timer = meters.find(CommandMetrics.NAME)
                .tags("command", command, "outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }

    private double appended(String type) {
        Counter counter =
                meters.find(EventsAppendedMonitor.NAME).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    private double replays() {
        return meters.get("conveyor.idempotency.replays").counter().count();
    }
}
