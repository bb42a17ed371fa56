package io.conveyor.edge.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.order.FindOrderQuery;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderSummary;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.stock.ListProductsQuery;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.ResolvableType;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

@HttpTest
class SseStreamsHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    QueryUpdateEmitter emitter;

    @Autowired
    FramedSseReturnValues streams;

    @LocalServerPort
    int port;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void an_unknown_order_answers_404_at_once_instead_of_a_silent_stream() {
        web.get()
                .uri("/api/orders/{id}/stream", "ord_does_not_exist")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/not-found");
    }

    @Test
    void the_stream_of_an_ended_order_sends_it_once_and_closes() {
        ProductId mug = api.createProduct(100, 5);
        OrderId order = api.anOrder().line(mug, 1).paidWith("tok_decline").place();
        api.awaitOrder(order, o -> o.status() == OrderStatus.REJECTED);

        List<ServerSentEvent<OrderView>> events =
                api.orderStream(order).collectList().block(ConveyorApi.PATIENCE);

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.data().status()).isEqualTo(OrderStatus.REJECTED);
            assertThat(e.id()).isEqualTo(order.value() + ":" + e.data().version());
        });
    }

    @Test
    void the_product_stream_starts_with_current_stock_and_follows_every_change() {
        ProductId mug = api.createProduct(100, 5);
        List<ServerSentEvent<ProductView>> received = new CopyOnWriteArrayList<>();
        Disposable stream = events("/api/products/stream", ProductView.class)
                .filter(e -> e.data() != null)
                .subscribe(received::add);
        try {
            await().atMost(ConveyorApi.PATIENCE)
                    .until(() ->
                            received.stream().anyMatch(e -> e.data().productId().equals(mug)));

            web.post()
                    .uri("/api/products/{id}/restock", mug)
                    .bodyValue(Map.of("quantity", 7))
                    .exchange()
                    .expectStatus()
                    .isAccepted();

            await().atMost(ConveyorApi.PATIENCE)
                    .until(() -> received.stream()
                            .anyMatch(e ->
                                    e.data().productId().equals(mug) && e.data().available() == 12));
            assertThat(received).allSatisfy(e -> assertThat(e.event()).isEqualTo("product"));
            assertThat(received.stream().filter(e -> e.data().productId().equals(mug)))
                    .extracting(ServerSentEvent::id)
                    .containsExactly(mug.value() + ":0", mug.value() + ":1");
        } finally {
            stream.dispose();
        }
    }

    /** The streams send each view as JSON bytes written once (WrittenOnce): no charset of the way may garble it. */
    @Test
    void a_name_outside_ascii_reaches_the_stream_as_it_was_given() {
        String name = "Tasse à café ☕ 咖啡杯";
        ProductId cup = api.createProduct(name, 1200, 3);
        api.awaitStock(cup, 3, 0);

        ProductView streamed = events("/api/products/stream", ProductView.class)
                .mapNotNull(ServerSentEvent::data)
                .filter(p -> p.productId().equals(cup))
                .blockFirst(ConveyorApi.PATIENCE);

        assertThat(streamed).isNotNull();
        assertThat(streamed.name()).isEqualTo(name);
    }

    /**
     * A client reads whole events: each is written and flushed as one frame, one chunk of the response (Spring MVC's
     * own adapter sent three, each a write of its own, on every stream for every change).
     */
    @Test
    void each_event_reaches_the_client_as_one_chunk() throws IOException {
        ProductId mug = api.createProduct(100, 5);
        try (Socket client = productStream()) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            assertThat(head.toLowerCase(Locale.ROOT)).contains("content-type: text/event-stream");

            List<String> chunks = new ArrayList<>();
            String restocked = "\"productId\":\"" + mug.value() + "\"";
            boolean restockSent = false;
            while (chunks.stream().noneMatch(c -> c.contains(restocked) && c.contains("\"available\":12"))) {
                String chunk = readChunk(in);
                chunks.add(chunk);
                if (!restockSent && chunk.contains(restocked)) {
                    api.restock(mug, 7);
                    restockSent = true;
                }
            }
            assertThat(chunks.stream().filter(c -> !c.startsWith(":")))
                    .isNotEmpty()
                    .allSatisfy(chunk -> assertThat(chunk)
                            .startsWith("id:")
                            .contains("\nevent:product\ndata:{")
                            .endsWith("}\n\n")
                            .containsOnlyOnce("data:"));
        }
    }

    /**
     * A node that stops ends its streams before its server waits for the open requests: a client that reads gets a
     * retry of one second and the end of the response at once, and the subscription is let go. A stream opened while
     * the node stops ends as soon as it starts.
     */
    @Test
    void a_stopping_node_ends_its_streams_with_a_retry_at_once() throws IOException {
        api.createProduct(100, 5);
        try (Socket client = productStream()) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            readHead(in);
            assertThat(readChunk(in)).contains("event:product");
            await().atMost(ConveyorApi.PATIENCE).until(() -> productSubscriptions() == 1);

            streams.stop();
            assertThat(restOfResponse(in)).last().isEqualTo("retry:1000\n\n");
            await().atMost(ConveyorApi.PATIENCE).until(() -> productSubscriptions() == 0);

            try (Socket late = productStream()) {
                InputStream lateIn = new BufferedInputStream(late.getInputStream());
                assertThat(readHead(lateIn)).startsWith("HTTP/1.1 200");
                assertThat(restOfResponse(lateIn)).last().isEqualTo("retry:1000\n\n");
            }
        } finally {
            streams.start();
        }
        await().atMost(ConveyorApi.PATIENCE).until(() -> productSubscriptions() == 0);
    }

    /** A client of the product stream over a plain socket, its request sent. */
    private Socket productStream() throws IOException {
        Socket client = new Socket();
        client.setSoTimeout((int) ConveyorApi.PATIENCE.toMillis());
        client.connect(new InetSocketAddress("localhost", port));
        client.getOutputStream()
                .write(("GET /api/products/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + TestTokens.bearer()
                                + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        return client;
    }

    /**
     * The chunks of a response up to its end, the empty last chunk left out; heartbeats would keep a stream that does
     * not end going for ever, so it must end within the patience.
     */
    private static List<String> restOfResponse(InputStream in) throws IOException {
        long deadline = System.nanoTime() + ConveyorApi.PATIENCE.toNanos();
        List<String> chunks = new ArrayList<>();
        for (String chunk = readChunk(in); !chunk.isEmpty(); chunk = readChunk(in)) {
            assertThat(System.nanoTime() - deadline)
                    .as("the response ends within " + ConveyorApi.PATIENCE)
                    .isNegative();
            chunks.add(chunk);
        }
        return chunks;
    }

    private long productSubscriptions() {
        return emitter.activeSubscriptions().stream()
                .filter(s -> s.getPayload() instanceof ListProductsQuery)
                .count();
    }

    /** The status line and headers of a response, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the response goes on").isNotNegative();
            head.append((char) b);
        }
        return head.toString();
    }

    /** One chunk of a chunked response body: its size line in hex, its bytes, a line end. */
    private static String readChunk(InputStream in) throws IOException {
        StringBuilder size = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            assertThat(b).as("the response goes on").isNotNegative();
            if (b != '\r') {
                size.append((char) b);
            }
        }
        byte[] chunk = in.readNBytes(Integer.parseInt(size.toString().trim(), 16));
        assertThat(in.readNBytes(2)).as("the line end after a chunk").containsExactly('\r', '\n');
        return new String(chunk, StandardCharsets.UTF_8);
    }

    @Test
    void the_order_stream_filtered_by_status_shows_only_that_status() {
        ProductId mug = api.createProduct(100, 5);
        List<OrderSummary> received = new CopyOnWriteArrayList<>();
        Disposable stream = events("/api/orders/stream?status=REJECTED", OrderSummary.class)
                .filter(e -> e.data() != null)
                .subscribe(e -> received.add(e.data()));
        try {
            OrderId declined =
                    api.anOrder().line(mug, 1).paidWith("tok_decline").place();
            OrderId accepted = api.anOrder().line(mug, 1).place();
            api.awaitOrder(accepted, o -> o.shipmentId() != null);

            await().atMost(ConveyorApi.PATIENCE)
                    .until(() -> received.stream().anyMatch(s -> s.orderId().equals(declined)));
            assertThat(received).allSatisfy(s -> assertThat(s.status()).isEqualTo(OrderStatus.REJECTED));
            assertThat(received).noneMatch(s -> s.orderId().equals(accepted));
        } finally {
            stream.dispose();
        }
    }

    @Test
    void the_watchers_of_a_status_hear_when_an_order_leaves_it() {
        ProductId mug = api.createProduct(100, 5);
        OrderId order = api.anOrder().line(mug, 1).place();
        OrderView paid = api.awaitOrder(order, o -> o.shipmentId() != null);
        List<OrderSummary> received = new CopyOnWriteArrayList<>();
        Disposable stream = events("/api/orders/stream?status=PAID", OrderSummary.class)
                .filter(e -> e.data() != null)
                .subscribe(e -> received.add(e.data()));
        try {
            await().atMost(ConveyorApi.PATIENCE)
                    .until(() -> received.stream().anyMatch(s -> s.orderId().equals(order)));

            api.dispatch(paid.shipmentId());

            await().atMost(ConveyorApi.PATIENCE)
                    .until(() -> received.stream()
                            .anyMatch(s -> s.orderId().equals(order) && s.status() == OrderStatus.SHIPPED));
        } finally {
            stream.dispose();
        }
    }

    @Test
    void a_client_that_goes_away_releases_its_subscription() {
        ProductId mug = api.createProduct(100, 5);
        OrderId order = api.anOrder().line(mug, 1).place();
        api.awaitOrder(order, o -> o.shipmentId() != null); // paid, and open until someone ships it

        // a plain client: the test client records whole bodies and would keep reading after we leave
        Disposable stream = TestTokens.webClient("http://localhost:" + port)
                .get()
                .uri("/api/orders/{id}/stream", order)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(String.class)
                .subscribe();
        await().atMost(ConveyorApi.PATIENCE).until(() -> subscriptionsTo(order) == 1);

        stream.dispose();

        // the server notices at its next write (a heartbeat at the latest) and closes the subscription
        await().atMost(ConveyorApi.PATIENCE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> subscriptionsTo(order) == 0);
    }

    private long subscriptionsTo(OrderId order) {
        return emitter.activeSubscriptions().stream()
                .filter(s -> s.getPayload() instanceof FindOrderQuery q
                        && q.orderId().equals(order))
                .count();
    }

    /** A stream of the server's events, each read as the given view. */
    private <T> Flux<ServerSentEvent<T>> events(String uri, Class<T> view) {
        return web.get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .returnResult(ParameterizedTypeReference.<ServerSentEvent<T>>forType(
                        ResolvableType.forClassWithGenerics(ServerSentEvent.class, view)
                                .getType()))
                .getResponseBody();
    }
}
