package io.conveyor.edge.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.events.ProcessorProgress;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TcpGate;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The application reaches the broker through a gate the test opens and shuts: while it is shut, commands go on,
 * nothing is confirmed and the publisher's token stays where it was; once it opens, every event arrives. A context of
 * its own, started with the gate shut (the broker is down when the application starts).
 */
@HttpTest
@DirtiesContext
class AmqpBrokerOutageHttpTest {
    static final String EXCHANGE = TestBroker.uniqueExchange();
    static final TcpGate gate = new TcpGate(TestBroker.HOST, TestBroker.PORT);
    static TestBroker broker;
    static PublishedMessages consumer;

    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ProcessorProgress progress;

    @DynamicPropertySource
    static void publishThroughTheGate(DynamicPropertyRegistry registry) {
        registry.add("conveyor.amqp.enabled", () -> "true");
        registry.add("conveyor.amqp.exchange", () -> EXCHANGE);
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", gate::port);
    }

    @BeforeAll
    static void bindAQueue() {
        broker = TestBroker.connect();
        broker.exchange(EXCHANGE);
        consumer = new PublishedMessages(broker, broker.bind(EXCHANGE, "#"));
    }

    @AfterAll
    static void cleanUp() {
        gate.close();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void events_wait_while_the_broker_is_away_and_all_arrive_when_it_is_back() {
        ConveyorApi api = new ConveyorApi(web);

        // down from the start: commands are served, nothing is confirmed, the token does not pass the events
        ProductId first = api.createProduct(100, 10);
        api.restock(first, 1);
        api.restock(first, 2);
        List<JsonNode> whileDown = awaitLogged(api, 3);
        await().atMost(ConveyorApi.PATIENCE).until(() -> published("failed") > 0);
        assertThat(published("confirmed")).isZero();
        assertThat(covered(whileDown)).isFalse();
        assertThat(api.json("/api/admin/projections/" + AmqpEventPublisher.GROUP)
                        .path("lag")
                        .asLong())
                .isPositive();
        assertThat(consumer.ids()).isEmpty();
        // the broker's health check fails the node's overall health, not the database's (the readiness probe)
        web.get().uri("/actuator/health").exchange().expectStatus().isEqualTo(503);
        web.get().uri("/actuator/health/database").exchange().expectStatus().isOk();

        gate.open();
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> consumer.ids().containsAll(PublishedMessages.idsOf(whileDown)));
        await().atMost(ConveyorApi.PATIENCE).until(() -> covered(whileDown));
        for (JsonNode event : whileDown) {
            PublishedMessages.assertCarries(consumer.byId(event.path("eventId").asText()), event, EXCHANGE, "acme");
        }
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();

        // gone again with its connection open: what the broker did not confirm is published once it is back
        double failedBefore = published("failed") + published("rejected") + published("unconfirmed");
        gate.shut();
        ProductId second = api.createProduct(200, 20);
        api.restock(second, 3);
        List<JsonNode> all = awaitLogged(api, 5);
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> published("failed") + published("rejected") + published("unconfirmed") > failedBefore);
        assertThat(covered(all)).isFalse();

        gate.open();
        await().atMost(ConveyorApi.PATIENCE).until(() -> consumer.ids().containsAll(PublishedMessages.idsOf(all)));
        await().atMost(ConveyorApi.PATIENCE).until(() -> covered(all));
        Set<String> received = consumer.all().stream()
                .map(m -> m.getMessageProperties().getMessageId())
                .collect(Collectors.toSet());
        assertThat(received).isEqualTo(PublishedMessages.idsOf(all));
    }

    private static List<JsonNode> awaitLogged(ConveyorApi api, int count) {
        return await().atMost(ConveyorApi.PATIENCE)
                .until(() -> PublishedMessages.log(api), events -> events.size() == count);
    }

    /** Whether the publisher's token has passed every one of these events, on every segment. */
    private boolean covered(List<JsonNode> events) {
        List<ProcessorProgress.SegmentProgress> segments = progress.of(AmqpEventPublisher.GROUP);
        return !segments.isEmpty()
                && events.stream()
                        .mapToLong(e -> e.path("position").asLong())
                        .allMatch(position -> segments.stream().allMatch(s -> s.covers(position)));
    }

    private double published(String outcome) {
        return meters.get("conveyor.amqp.published")
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
