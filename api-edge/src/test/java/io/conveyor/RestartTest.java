package io.conveyor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.TimelineEntry;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.LogStreamClient;
import io.conveyor.edge.support.TestProfiles;
import io.conveyor.edge.support.TestTokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

/**
 * The embedded default keeps everything in a file: after a restart the data are there, processors carry on from their
 * stored tokens, a payment deadline that was pending at shutdown fires afterwards, and a client of the event log's
 * stream picks up where it left off, and an idempotency key still replays its first answer.
 */
class RestartTest {
    private static final String RESTOCKED = "products.ProductRestocked.v1";

    @TempDir
    Path dataDir;

    @Test
    void data_and_a_pending_payment_deadline_survive_a_restart() {
        String url = "jdbc:h2:file:" + dataDir.resolve("conveyor") + ";DB_CLOSE_ON_EXIT=FALSE";
        ProductId mug;
        OrderId order;

        try (ConfigurableApplicationContext first = start(url)) {
            ConveyorApi api = clientOf(first);
            mug = api.createProduct(1250, 10);
            order = api.anOrder().line(mug, 4).paidWith("tok_timeout").place();
            api.awaitOrder(order, o -> o.status() == OrderStatus.STOCK_RESERVED);
            api.awaitStock(mug, 6, 4);
        }

        try (ConfigurableApplicationContext second = start(url)) {
            ConveyorApi api = clientOf(second);
            OrderView rejected = api.awaitOrder(order, o -> o.status() == OrderStatus.REJECTED);

            assertThat(rejected.rejectionReason()).isEqualTo("payment-timeout");
            assertThat(rejected.timeline())
                    .extracting(TimelineEntry::status)
                    .containsExactly(OrderStatus.PLACED, OrderStatus.STOCK_RESERVED, OrderStatus.REJECTED);
            api.awaitStock(mug, 10, 0);
            assertThat(api.product(mug).sku()).startsWith("SKU-");
        }
    }

    @Test
    void a_log_stream_resumes_across_a_restart_without_gaps_or_repeats() {
        String url = "jdbc:h2:file:" + dataDir.resolve("conveyor") + ";DB_CLOSE_ON_EXIT=FALSE";
        List<ServerSentEvent<JsonNode>> before = new CopyOnWriteArrayList<>();
        ProductId mug;
        try (ConfigurableApplicationContext first = start(url)) {
            ConveyorApi api = clientOf(first);
            mug = api.createProduct(1250, 10);
            restock(api, mug, 2);
            assertThat(restockOnce(api, mug).getFirst("Idempotent-Replayed")).isNull();
            Disposable stream = LogStreamClient.open(baseUrl(first), "/api/events/stream", null, before);
            try {
                await().atMost(ConveyorApi.PATIENCE)
                        .until(() -> LogStreamClient.count(before, RESTOCKED, mug.value()) == 3);
            } finally {
                stream.dispose();
            }
        }
        List<Long> seenBefore = LogStreamClient.positions(before);

        List<ServerSentEvent<JsonNode>> after = new CopyOnWriteArrayList<>();
        try (ConfigurableApplicationContext second = start(url)) {
            ConveyorApi api = clientOf(second);
            assertThat(restockOnce(api, mug).getFirst("Idempotent-Replayed"))
                    .as("an idempotency key outlives the restart")
                    .isEqualTo("true");
            restock(api, mug, 2);
            String lastId = Long.toString(seenBefore.get(seenBefore.size() - 1));
            Disposable stream = LogStreamClient.open(baseUrl(second), "/api/events/stream", lastId, after);
            try {
                await().atMost(ConveyorApi.PATIENCE)
                        .until(() -> LogStreamClient.count(after, RESTOCKED, mug.value()) == 2);
            } finally {
                stream.dispose();
            }
            List<Long> streamed = new ArrayList<>(seenBefore);
            streamed.addAll(LogStreamClient.positions(after));
            JsonNode logged = api.web()
                    .get()
                    .uri("/api/events?limit=1000")
                    .exchange()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody()
                    .get("events");
            List<Long> inLog = IntStream.range(0, logged.size())
                    .mapToObj(i -> logged.get(i).get("position").asLong())
                    .filter(p -> p <= streamed.get(streamed.size() - 1))
                    .toList();
            assertThat(streamed).isEqualTo(inLog).doesNotHaveDuplicates();
        }
    }

    private static void restock(ConveyorApi api, ProductId product, int times) {
        for (int i = 0; i < times; i++) {
            api.restock(product, 1);
        }
    }

    private static HttpHeaders restockOnce(ConveyorApi api, ProductId product) {
        return api.web()
                .post()
                .uri("/api/products/{id}/restock", product)
                .header("Idempotency-Key", "restock-once")
                .bodyValue(Map.of("quantity", 1))
                .exchange()
                .expectStatus()
                .isAccepted()
                .returnResult(Void.class)
                .getResponseHeaders();
    }

    private static String baseUrl(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
    }

    private ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(ConveyorApplication.class)
                .profiles(TestProfiles.active())
                // arguments, not default properties: they must win over the test profile's in-memory database
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url, // on PostgreSQL, the database named below instead
                        "--conveyor.test.database-name=restart_"
                                + dataDir.getFileName().toString().replaceAll("\\W", ""),
                        // one scheduler across the restart, or the second would not see the first one's deadlines
                        "--spring.quartz.scheduler-name=restart",
                        // long enough to be pending at shutdown, short enough to come due while the app is down
                        "--conveyor.fulfilment.payment-timeout=4s");
    }

    private static ConveyorApi clientOf(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return new ConveyorApi(WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestTokens.bearer())
                .build());
    }
}
