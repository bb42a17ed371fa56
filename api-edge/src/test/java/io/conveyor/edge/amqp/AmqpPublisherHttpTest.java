package io.conveyor.edge.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.events.ProcessorProgress;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.Repository;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Events reach a consumer's queue on the local RabbitMQ as binary-mode CloudEvents, each once the broker confirmed it;
 * one no queue takes holds the publisher until a queue is bound for it. Skipped when no broker answers. The context's
 * exchange is its own, bound to the class's catch-all queue before the application starts: an event published to an
 * exchange without queues would be returned, and hold the publisher.
 */
@HttpTest
@DirtiesContext
class AmqpPublisherHttpTest {
    static final String EXCHANGE = TestBroker.uniqueExchange();
    static TestBroker broker;
    static PublishedMessages consumer;
    static String queue;

    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ProcessorProgress progress;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    JdbcTemplate jdbc;

    ConveyorApi api;

    @DynamicPropertySource
    static void publishToTheTestExchange(DynamicPropertyRegistry registry) {
        registry.add("conveyor.amqp.enabled", () -> "true");
        registry.add("conveyor.amqp.exchange", () -> EXCHANGE);
        registry.add("spring.rabbitmq.host", () -> TestBroker.HOST);
        registry.add("spring.rabbitmq.port", () -> TestBroker.PORT);
    }

    @BeforeAll
    static void bindAQueue() {
        broker = TestBroker.connect();
        broker.exchange(EXCHANGE);
        queue = broker.bind(EXCHANGE, "#");
        consumer = new PublishedMessages(broker, queue);
    }

    @AfterAll
    static void deleteWhatWasDeclared() {
        if (broker != null) {
            broker.close();
        }
    }

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void every_logged_event_arrives_as_a_binary_cloudevent_routed_by_its_type() {
        long before = PublishedMessages.log(api).stream()
                .mapToLong(e -> e.path("position").asLong())
                .max()
                .orElse(0);
        ProductId mug = api.createProduct(1250, 5);
        OrderId order = api.anOrder().line(mug, 2).place();
        api.awaitOrder(order, o -> o.status() == OrderStatus.PAID && o.shipmentId() != null);

        List<JsonNode> logged = PublishedMessages.log(api).stream()
                .filter(e -> e.path("position").asLong() > before)
                .toList();
        Set<String> loggedIds = PublishedMessages.idsOf(logged);
        await().atMost(ConveyorApi.PATIENCE).until(() -> consumer.ids().containsAll(loggedIds));

        assertThat(logged)
                .extracting(e -> e.path("type").asText())
                .contains("products.ProductCreated.v2", "orders.OrderPlaced.v1", "payments.PaymentRequested.v1");
        for (JsonNode event : logged) {
            PublishedMessages.assertCarries(consumer.byId(event.path("eventId").asText()), event, EXCHANGE, "acme");
        }
        assertThat(published("confirmed")).isGreaterThanOrEqualTo(logged.size());
        assertThat(meters.get("conveyor.amqp.confirm.latency").timer().count()).isGreaterThanOrEqualTo(logged.size());
    }

    @Test
    void an_event_no_queue_takes_holds_the_publisher_until_a_queue_is_bound_for_it() {
        ProductId mug = api.createProduct(900, 1);
        api.awaitStock(mug, 1, 0);
        await().atMost(ConveyorApi.PATIENCE).until(() -> consumer.ids().containsAll(idsOf(mug)));
        double returnedBefore = published("returned");

        broker.unbind(queue, EXCHANGE, "#");
        String restocked;
        long position;
        try {
            HttpHeaders response = api.restock(mug, 3);
            position = Long.parseLong(response.getFirst("Conveyor-Position"));
            restocked = await().atMost(ConveyorApi.PATIENCE).until(() -> idsOf(mug), ids -> ids.size() == 2).stream()
                    .filter(id -> !consumer.ids().contains(id))
                    .findFirst()
                    .orElseThrow();

            // returned, counted, and the publisher's token stays before the event
            await().atMost(ConveyorApi.PATIENCE).until(() -> published("returned") > returnedBefore);
            assertThat(covered(position)).isFalse();
            assertThat(consumer.ids()).doesNotContain(restocked);
        } finally {
            broker.rebind(queue, EXCHANGE, "#");
        }

        // once a queue is bound, the held event is published again and confirmed
        await().atMost(ConveyorApi.PATIENCE).until(() -> consumer.ids().contains(restocked));
        await().atMost(ConveyorApi.PATIENCE).until(() -> covered(position));
        assertThat(consumer.byId(restocked).getMessageProperties().getReceivedRoutingKey())
                .isEqualTo("products.ProductRestocked.v1");
    }

    /**
     * As when the publisher is turned on for a log that has events: Axon starts a new processor with a replay up to
     * the newest event, which the publisher sits out. Simulated by removing its tokens while it is stopped.
     */
    @Test
    void a_first_start_on_an_existing_log_publishes_only_the_events_that_come_after() {
        StreamingEventProcessor publisher = processing
                .eventProcessor(AmqpEventPublisher.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        publisher.shutDown();
        ProductId earlier;
        try {
            jdbc.update("delete from token_entry where processor_name = ?", AmqpEventPublisher.GROUP);
            earlier = api.createProduct(300, 1);
        } finally {
            publisher.start();
        }
        ProductId later = api.createProduct(400, 1);

        String earlierEvent = await().atMost(ConveyorApi.PATIENCE)
                .until(() -> idsOf(earlier), ids -> ids.size() == 1)
                .iterator()
                .next();
        long earlierPosition = PublishedMessages.log(api).stream()
                .filter(e -> e.path("eventId").asText().equals(earlierEvent))
                .findFirst()
                .orElseThrow()
                .path("position")
                .asLong();
        await().atMost(ConveyorApi.PATIENCE).until(() -> consumer.ids().containsAll(idsOf(later)));
        await().atMost(ConveyorApi.PATIENCE).until(() -> covered(earlierPosition));
        assertThat(consumer.ids()).doesNotContain(earlierEvent);
        assertThat(api.json("/api/admin/projections/" + AmqpEventPublisher.GROUP)
                        .path("replaying")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void the_publisher_cannot_be_replayed() {
        JsonNode publisher = api.json("/api/admin/projections/" + AmqpEventPublisher.GROUP);
        assertThat(publisher.path("replayable").asBoolean()).isFalse();

        web.post()
                .uri("/api/admin/projections/{name}/replay", AmqpEventPublisher.GROUP)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("not-replayable");
    }

    @Test
    void what_is_published_fits_the_broker_channel_of_the_asyncapi_document() throws IOException {
        JsonNode document = new ObjectMapper(new YAMLFactory())
                .readTree(Repository.file("docs/asyncapi.yaml").toFile());
        JsonNode exchange = document.at("/channels/brokerEvents/bindings/amqp/exchange");
        AmqpSettings defaults =
                new Binder(new MapConfigurationPropertySource()).bindOrCreate("conveyor.amqp", AmqpSettings.class);
        assertThat(exchange.path("name").asText()).isEqualTo(defaults.exchange());
        assertThat(exchange.path("type").asText()).isEqualTo("topic");
        assertThat(exchange.path("durable").asBoolean()).isTrue();
        JsonNode headers = document.at("/components/schemas/CloudEventAmqpHeaders");

        ProductId mug = api.createProduct(700, 2);
        String created = await().atMost(ConveyorApi.PATIENCE)
                .until(() -> idsOf(mug), ids -> ids.size() == 1)
                .iterator()
                .next();
        await().atMost(ConveyorApi.PATIENCE).until(() -> consumer.ids().contains(created));
        Map<String, Object> sent = consumer.byId(created).getMessageProperties().getHeaders();

        List<String> described = new ArrayList<>();
        headers.path("properties").fieldNames().forEachRemaining(described::add);
        assertThat(sent.keySet()).isSubsetOf(described);
        headers.path("required").forEach(required -> assertThat(sent).containsKey(required.asText()));
        sent.forEach((name, value) -> {
            JsonNode schema = headers.path("properties").path(name);
            if (schema.has("const")) {
                assertThat(value).as(name).isEqualTo(schema.path("const").asText());
            } else if (schema.path("type").asText().equals("integer")) {
                assertThat(value).as(name).isInstanceOf(Long.class);
            } else {
                assertThat(value).as(name).isInstanceOf(String.class);
            }
        });
    }

    private Set<String> idsOf(ProductId product) {
        return PublishedMessages.idsOf(PublishedMessages.log(api).stream()
                .filter(e -> e.path("aggregateId").asText().equals(product.value()))
                .toList());
    }

    /** Whether every segment of the publisher has handled the event at this position. */
    private boolean covered(long position) {
        List<ProcessorProgress.SegmentProgress> segments = progress.of(AmqpEventPublisher.GROUP);
        return !segments.isEmpty() && segments.stream().allMatch(s -> s.covers(position));
    }

    private double published(String outcome) {
        return meters.get("conveyor.amqp.published")
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
