package io.conveyor.edge.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.security.ScopeRules;
import io.conveyor.edge.support.AsyncApiDocument;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Flux;

/**
 * docs/asyncapi.yaml describes every server-sent event stream the application maps, and what the streams send fits
 * the messages it describes: event names, ids, and every field of every payload. The broker's channel is held to what
 * the publisher sends by AmqpPublisherHttpTest.
 */
@HttpTest
class AsyncApiContractTest {
    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> EVENTS =
            new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient web;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    AsyncApiDocument contract;
    JsonNode document;
    ConveyorApi api;

    @BeforeEach
    void setUp() throws IOException {
        contract = AsyncApiDocument.load();
        document = contract.root();
        api = new ConveyorApi(web);
    }

    @Test
    void the_document_has_a_channel_for_every_stream_the_application_serves() {
        Set<String> streams = mappings.getHandlerMethods().keySet().stream()
                .filter(info -> info.getProducesCondition().getProducibleMediaTypes().stream()
                        .anyMatch(MediaType.TEXT_EVENT_STREAM::equalsTypeAndSubtype))
                .flatMap(info -> info.getPatternValues().stream())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(streams).isNotEmpty();
        assertThat(channels().keySet()).containsExactlyInAnyOrderElementsOf(streams);
    }

    @Test
    void each_stream_asks_for_the_scopes_the_api_states() {
        document.path("operations").forEach(operation -> {
            String channel = operation.at("/channel/$ref").asText();
            if (!isStream(document.at(channel.substring(1)))) {
                return; // the broker's channel: no HTTP, no scopes
            }
            String address = document.at(channel.substring(1)).path("address").asText();
            List<String> scopes = new ArrayList<>();
            operation.path("x-scopes").forEach(scope -> scopes.add(scope.asText()));

            assertThat(operation.at("/bindings/http/method").asText()).isEqualTo("GET");
            assertThat(ScopeRules.scopesFor(HttpMethod.GET, address))
                    .as(address)
                    .contains(scopes);
        });
    }

    @Test
    void the_product_stream_sends_described_events_and_heartbeat_comments() {
        ProductId mug = api.createProduct(1250, 3);
        AtomicBoolean heartbeat = new AtomicBoolean();
        AtomicBoolean product = new AtomicBoolean();

        List<ServerSentEvent<JsonNode>> received = open("/api/products/stream")
                .doOnNext(e -> {
                    heartbeat.compareAndSet(false, "heartbeat".equals(e.comment()));
                    product.compareAndSet(
                            false,
                            e.data() != null
                                    && e.data().path("productId").asText().equals(mug.value()));
                })
                .takeUntil(e -> heartbeat.get() && product.get())
                .collectList()
                .block(ConveyorApi.PATIENCE);

        assertThat(heartbeat).isTrue();
        assertThat(product).isTrue();
        assertFits(
                "/api/products/stream",
                received.stream().filter(e -> e.data() != null).toList());
    }

    @Test
    void the_order_streams_send_described_events() {
        ProductId mug = api.createProduct(1250, 3);
        OrderId order = api.anOrder().line(mug, 1).place();

        List<ServerSentEvent<JsonNode>> one = read("/api/orders/" + order + "/stream", e -> e.data() != null, 1);
        List<ServerSentEvent<JsonNode>> summaries = read(
                "/api/orders/stream",
                e -> e.data() != null && e.data().path("orderId").asText().equals(order.value()),
                1);

        assertFits("/api/orders/{orderId}/stream", one);
        assertFits("/api/orders/stream", summaries);
    }

    @Test
    void the_event_log_stream_sends_described_events_with_their_position_as_id() {
        api.createProduct(1250, 3);

        List<ServerSentEvent<JsonNode>> events = read("/api/events/stream?after=0", e -> e.data() != null, 1);

        assertFits("/api/events/stream", events);
        assertThat(events.get(0).id())
                .isEqualTo(events.get(0).data().path("position").asText());
    }

    private Flux<ServerSentEvent<JsonNode>> open(String uri) {
        return web.get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(EVENTS)
                .getResponseBody();
    }

    private List<ServerSentEvent<JsonNode>> read(String uri, Predicate<ServerSentEvent<JsonNode>> wanted, int count) {
        List<ServerSentEvent<JsonNode>> received =
                open(uri).filter(wanted).take(count).collectList().block(ConveyorApi.PATIENCE);
        assertThat(received).as(uri).hasSize(count);
        return received;
    }

    /** Each event is one of the channel's messages: its SSE fields fit the headers, its data the payload. */
    private void assertFits(String address, List<ServerSentEvent<JsonNode>> events) {
        JsonNode channel = channels().get(address);
        assertThat(channel).as(address + " has a channel").isNotNull();
        Map<String, JsonNode> messages = new TreeMap<>();
        channel.path("messages").forEach(ref -> {
            JsonNode message = contract.resolve(ref);
            messages.put(message.path("name").asText(), message);
        });
        assertThat(events).isNotEmpty();
        for (ServerSentEvent<JsonNode> event : events) {
            // an event without an `event:` field is dispatched by clients as `message`
            String name = event.event() == null ? "message" : event.event();
            JsonNode message = messages.get(name);
            assertThat(message).as(address + " describes event " + name).isNotNull();
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            fields.put("id", event.id());
            if (event.event() != null) {
                fields.put("event", event.event());
            }
            assertThat(contract.violations("headers", fields, message.path("headers")))
                    .isEmpty();
            assertThat(contract.violations("data", event.data(), message.path("payload")))
                    .isEmpty();
        }
    }

    /** The streams' channels, by address: those on the HTTP server (the broker's channel is on another). */
    private Map<String, JsonNode> channels() {
        Map<String, JsonNode> channels = new TreeMap<>();
        document.path("channels").forEach(channel -> {
            if (isStream(channel)) {
                channels.put(channel.path("address").asText(), channel);
            }
        });
        return channels;
    }

    private boolean isStream(JsonNode channel) {
        List<String> protocols = new ArrayList<>();
        channel.path("servers")
                .forEach(server ->
                        protocols.add(contract.resolve(server).path("protocol").asText()));
        assertThat(protocols).as("the servers of " + channel.path("address")).isNotEmpty();
        return protocols.stream().allMatch("http"::equals);
    }
}
