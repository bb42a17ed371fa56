package io.conveyor.edge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.LogStreamClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

/** The live event stream: positions as ids, resumption without gaps or repeats, filters, heartbeats. */
@HttpTest
class EventStreamHttpTest {
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
    void a_client_that_reconnects_with_its_last_id_misses_nothing_and_sees_nothing_twice() {
        ProductId mug = api.createProduct(1250, 1);
        long head = lastPosition(mug);

        List<ServerSentEvent<JsonNode>> first = new CopyOnWriteArrayList<>();
        Disposable connection = open("/api/events/stream?after=" + head, null, first);
        restock(mug, 3);
        await().atMost(ConveyorApi.PATIENCE).until(() -> restocksOf(first, mug) >= 3);
        connection.dispose();
        List<Long> seenFirst = positions(first);
        String lastId = Long.toString(seenFirst.get(seenFirst.size() - 1)); // heartbeats carry no id

        restock(mug, 3); // written while the client is away
        List<ServerSentEvent<JsonNode>> second = new CopyOnWriteArrayList<>();
        connection = open("/api/events/stream", lastId, second);
        try {
            await().atMost(ConveyorApi.PATIENCE).until(() -> restocksOf(second, mug) >= 3);
        } finally {
            connection.dispose();
        }

        List<Long> streamed = new ArrayList<>(positions(first));
        streamed.addAll(positions(second));
        long last = streamed.get(streamed.size() - 1);
        List<Long> logged = positionsInLog(head, last);
        assertThat(streamed).isEqualTo(logged).doesNotHaveDuplicates();
        assertThat(positions(second).get(0)).isGreaterThan(Long.parseLong(lastId));
    }

    @Test
    void a_type_filter_streams_only_that_type_and_heartbeats_keep_an_idle_stream_open() {
        ProductId tea = api.createProduct(500, 1);
        long head = lastPosition(tea);
        List<ServerSentEvent<JsonNode>> seen = new CopyOnWriteArrayList<>();
        Disposable connection = open("/api/events/stream?type=products.ProductRestocked.v1&after=" + head, null, seen);
        try {
            restock(tea, 2);
            await().atMost(ConveyorApi.PATIENCE).until(() -> restocksOf(seen, tea) >= 2);
            await().atMost(ConveyorApi.PATIENCE)
                    .until(() -> seen.stream().anyMatch(e -> "heartbeat".equals(e.comment())));
        } finally {
            connection.dispose();
        }
        assertThat(seen.stream().filter(e -> e.data() != null))
                .allSatisfy(e -> assertThat(e.data().get("type").asText()).isEqualTo("products.ProductRestocked.v1"));
    }

    @Test
    void an_unreadable_last_event_id_is_a_bad_request() {
        web.get()
                .uri("/api/events/stream")
                .header("Last-Event-ID", "yesterday")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("Last-Event-ID");
    }

    private Disposable open(String uri, String lastEventId, List<ServerSentEvent<JsonNode>> sink) {
        return LogStreamClient.open("http://localhost:" + port, uri, lastEventId, sink);
    }

    private void restock(ProductId product, int times) {
        for (int i = 0; i < times; i++) {
            api.restock(product, 1);
        }
    }

    private static long restocksOf(List<ServerSentEvent<JsonNode>> events, ProductId product) {
        return LogStreamClient.count(events, "products.ProductRestocked.v1", product.value());
    }

    private static List<Long> positions(List<ServerSentEvent<JsonNode>> events) {
        return LogStreamClient.positions(events);
    }

    private long lastPosition(ProductId product) {
        JsonNode events = get("/api/products/" + product + "/history").get("events");
        return events.get(events.size() - 1).get("position").asLong();
    }

    private List<Long> positionsInLog(long after, long upTo) {
        JsonNode events = get("/api/events?after=" + after + "&limit=1000").get("events");
        return IntStream.range(0, events.size())
                .mapToObj(i -> events.get(i).get("position").asLong())
                .filter(p -> p <= upTo)
                .toList();
    }

    private JsonNode get(String uri) {
        return new ConveyorApi(web).json(uri);
    }
}
