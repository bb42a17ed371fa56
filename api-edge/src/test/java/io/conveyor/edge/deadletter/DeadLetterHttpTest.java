package io.conveyor.edge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.edge.security.Scopes;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A poison event is parked, its processor goes on, the letter is retried by itself with growing waits, and operators
 * list, retry and remove letters over HTTP, each tenant only its own. The poison is a test handler of restocks that
 * fails for the products the test names, with an SQL error (which aborts the transaction on PostgreSQL) or through
 * JPA (which marks it rollback-only). A context of its own: it adds that handler and short waits.
 */
@HttpTest
@Import(DeadLetterHttpTest.ProbeConfiguration.class)
@TestPropertySource(
        properties = {
            "conveyor.test.purpose=dead-letters",
            "conveyor.dead-letters.processors=product-stock,order-view,order-summary,shipment-view,payment-gateway,"
                    + DeadLetterHttpTest.Probe.GROUP,
            "conveyor.dead-letters.initial-backoff=500ms",
            "conveyor.dead-letters.multiplier=2",
            "conveyor.dead-letters.max-backoff=10s",
            "conveyor.dead-letters.jitter=0.2",
            "conveyor.dead-letters.max-attempts=5",
            "conveyor.dead-letters.poll-interval=50ms"
        })
@DirtiesContext
class DeadLetterHttpTest {
    private static final String LETTERS = "/api/admin/dead-letters";

    @Autowired
    WebTestClient web;

    @Autowired
    Probe probe;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    ConveyorApi api;

    @Autowired
    EventStore events;

    @Autowired
    TransactionTemplate transactions;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
        jdbc.execute("create table if not exists probe_marks (written bigint generated always as identity,"
                + " product_id varchar(64), quantity integer)");
    }

    @Test
    void a_poison_event_is_parked_retried_with_growing_waits_and_handled_once_it_succeeds() {
        ProductId poisoned = api.createProduct(100, 10);
        ProductId healthy = api.createProduct(100, 10);
        probe.poison(poisoned, Probe.Failure.SQL);
        api.restock(poisoned, 3);
        api.restock(poisoned, 4);
        api.restock(healthy, 5);
        List<JsonNode> parked = awaitLetters(poisoned, 2);

        // the processor goes on: another sequence is handled, and the projections of the same events too
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> probe.quantitiesHandledFor(healthy).equals(List.of(5)));
        api.awaitStock(poisoned, 17, 0);
        assertThat(api.json("/api/admin/projections/" + Probe.GROUP)
                        .get("status")
                        .asText())
                .isEqualTo("running");
        assertThat(probe.quantitiesHandledFor(poisoned)).isEmpty();
        double gaugeWhileParked = gauge();

        JsonNode first = parked.get(0);
        assertThat(first.get("processor").asText()).isEqualTo(Probe.GROUP);
        assertThat(first.get("event").get("type").asText()).isEqualTo("products.ProductRestocked.v1");
        assertThat(first.get("event").get("aggregateId").asText()).isEqualTo(poisoned.value());
        assertThat(first.get("event").get("position").asLong()).isPositive();
        assertThat(first.get("cause").get("type").asText()).endsWith("BadSqlGrammarException");
        assertThat(first.get("cause").get("message").asText()).containsIgnoringCase("no_such_table");
        assertThat(first.get("attempts").asInt()).isPositive();
        JsonNode behind = parked.get(1);
        assertThat(behind.get("sequenceIndex").asLong())
                .isGreaterThan(first.get("sequenceIndex").asLong());
        assertThat(behind.get("cause").isNull()).isTrue();
        assertThat(behind.get("attempts").asInt()).isZero();
        assertThat(behind.get("nextAttempt").isNull()).isTrue();

        // retried by itself: more attempts, each followed by a longer wait, until the last allowed attempt
        JsonNode earlier = parked.get(0);
        JsonNode later = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> firstLetterOf(poisoned),
                        now -> now.get("attempts").asInt()
                                        > earlier.get("attempts").asInt()
                                && !now.get("nextAttempt").isNull());
        assertThat(instant(later, "lastTouched")).isAfter(instant(earlier, "lastTouched"));
        assertThat(instant(later, "nextAttempt")).isAfter(instant(earlier, "nextAttempt"));
        assertThat(waitAfterLastAttempt(later)).isGreaterThan(waitAfterLastAttempt(earlier));
        JsonNode exhausted = await().atMost(ConveyorApi.PATIENCE)
                .until(() -> firstLetterOf(poisoned), now -> now.get("attempts").asInt() == 5);
        assertThat(exhausted.get("nextAttempt").isNull()).isTrue();

        // an operator's retry: the letter behind waits for the first, which fails again and counts
        JsonNode blocked = retry(behind.get("id").asText());
        assertThat(blocked.get("outcome").asText()).isEqualTo("blocked");
        assertThat(blocked.get("letter").get("attempts").asInt()).isZero();
        assertThat(firstLetterOf(poisoned).get("attempts").asInt()).isEqualTo(6);
        JsonNode failed = retry(first.get("id").asText());
        assertThat(failed.get("outcome").asText()).isEqualTo("failed");
        assertThat(failed.get("letter").get("attempts").asInt()).isEqualTo(7);
        assertThat(failed.get("letter").get("cause").get("message").asText()).containsIgnoringCase("no_such_table");
        assertThat(failed.get("remainingInSequence").asLong()).isEqualTo(2);

        probe.cure(poisoned);
        JsonNode processed = retry(first.get("id").asText());
        assertThat(processed.get("outcome").asText()).isEqualTo("processed");
        assertThat(processed.get("letter").isNull()).isTrue();
        assertThat(processed.get("remainingInSequence").asLong()).isZero();
        assertThat(probe.quantitiesHandledFor(poisoned)).containsExactly(3, 4);
        assertThat(marks(poisoned)).containsExactly(3, 4);
        assertThat(lettersOf(poisoned)).isEmpty();
        assertThat(gaugeWhileParked - gauge()).isEqualTo(2);
    }

    @Test
    void a_batch_with_a_failing_event_keeps_the_rest_once_and_nothing_the_failing_handler_wrote() {
        ProductId product = ProductId.random();
        probe.failAfterWriting(13);
        // one commit, one sequence: the events reach the probe together, in one batch
        transactions.executeWithoutResult(
                tx -> events.publish(restocked(product, 0, 1), restocked(product, 1, 13), restocked(product, 2, 3)));

        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> storedLetterIds(product).size() == 2
                        && probe.quantitiesHandledFor(product).equals(List.of(1)));
        assertThat(marks(product)).containsExactly(1);

        // cured, the letters are retried by themselves, in order
        probe.failAfterWriting(0);
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> storedLetterIds(product).isEmpty());
        assertThat(probe.quantitiesHandledFor(product)).containsExactly(1, 13, 3);
        assertThat(marks(product)).containsExactly(1, 13, 3);
    }

    @Test
    void a_handler_that_dooms_its_transaction_is_parked_once() {
        ProductId poisoned = api.createProduct(100, 10);
        probe.poison(poisoned, Probe.Failure.JPA);
        api.restock(poisoned, 1);
        api.restock(poisoned, 2);

        List<JsonNode> parked = awaitLetters(poisoned, 2);
        assertThat(parked.get(0).get("cause").get("message").asText()).containsIgnoringCase("no_such_table");
        assertThat(parked.get(1).get("cause").isNull()).isTrue();
        assertThat(parked.stream().map(l -> l.get("event").get("identifier").asText()))
                .doesNotHaveDuplicates();

        probe.cure(poisoned);
        assertThat(retry(parked.get(0).get("id").asText()).get("outcome").asText())
                .isEqualTo("processed");
        assertThat(probe.quantitiesHandledFor(poisoned)).containsExactly(1, 2);
        assertThat(marks(poisoned)).containsExactly(1, 2);
    }

    @Test
    void a_deleted_letter_is_never_handled_and_its_sequence_goes_on() {
        ProductId poisoned = api.createProduct(100, 10);
        probe.poison(poisoned, Probe.Failure.SQL);
        api.restock(poisoned, 2);
        String id = awaitLetters(poisoned, 1).get(0).get("id").asText();

        web.delete().uri(LETTERS + "/{id}", id).exchange().expectStatus().isNoContent();

        assertThat(lettersOf(poisoned)).isEmpty();
        expectNotFound(web.get().uri(LETTERS + "/{id}", id).exchange());
        expectNotFound(web.delete().uri(LETTERS + "/{id}", id).exchange());
        probe.cure(poisoned);
        api.restock(poisoned, 6);
        await().atMost(ConveyorApi.PATIENCE).until(() -> probe.quantitiesHandledFor(poisoned), List.of(6)::equals);
    }

    @Test
    void letters_of_another_tenant_do_not_exist_for_the_caller() {
        ConveyorApi globex = new ConveyorApi(web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer("globex-" + UUID.randomUUID(), Scopes.ALL))
                .build());
        ProductId theirs = globex.createProduct(100, 10);
        probe.poison(theirs, Probe.Failure.SQL);
        globex.restock(theirs, 7);

        List<String> stored =
                await().atMost(ConveyorApi.PATIENCE).until(() -> storedLetterIds(theirs), ids -> ids.size() == 1);
        String letter = stored.get(0);
        // the owner sees its letter; the caller (another tenant) sees none, and cannot touch it
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> StreamSupport.stream(globex.json(LETTERS).spliterator(), false)
                        .anyMatch(l -> l.get("id").asText().equals(letter)));
        assertThat(lettersOf(theirs)).isEmpty();
        expectNotFound(web.get().uri(LETTERS + "/{id}", letter).exchange());
        expectNotFound(web.post().uri(LETTERS + "/{id}/retry", letter).exchange());
        expectNotFound(web.delete().uri(LETTERS + "/{id}", letter).exchange());
        assertThat(storedLetterIds(theirs)).containsExactly(letter);
    }

    @Test
    void an_unknown_letter_is_a_problem_not_a_failure() {
        expectNotFound(web.get().uri(LETTERS + "/no-such-letter").exchange());
        expectNotFound(web.post().uri(LETTERS + "/no-such-letter/retry").exchange());
        expectNotFound(web.delete().uri(LETTERS + "/no-such-letter").exchange());
    }

    private List<JsonNode> awaitLetters(ProductId productId, int count) {
        return await().atMost(ConveyorApi.PATIENCE)
                .until(() -> lettersOf(productId), letters -> letters.size() == count);
    }

    private List<JsonNode> lettersOf(ProductId productId) {
        return StreamSupport.stream(api.json(LETTERS).spliterator(), false)
                .filter(letter -> letter.get("sequenceIdentifier").asText().equals(productId.value()))
                .sorted((a, b) -> Long.compare(
                        a.get("sequenceIndex").asLong(), b.get("sequenceIndex").asLong()))
                .toList();
    }

    private JsonNode firstLetterOf(ProductId productId) {
        return lettersOf(productId).get(0);
    }

    private JsonNode retry(String id) {
        return web.post()
                .uri(LETTERS + "/{id}/retry", id)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private List<String> storedLetterIds(ProductId productId) {
        return jdbc.queryForList(
                "select dead_letter_id from dead_letter_entry where processing_group = ? and sequence_identifier = ?"
                        + " order by sequence_index",
                String.class,
                Probe.GROUP,
                productId.value());
    }

    /** What the probe wrote for the product and committed, in the order it wrote it. */
    private List<Integer> marks(ProductId productId) {
        return jdbc.queryForList(
                "select quantity from probe_marks where product_id = ? order by written",
                Integer.class,
                productId.value());
    }

    private static GenericDomainEventMessage<ProductRestockedEvent> restocked(
            ProductId productId, long sequence, int quantity) {
        return new GenericDomainEventMessage<>(
                        "Product",
                        productId.value(),
                        sequence,
                        new ProductRestockedEvent(productId, quantity, quantity, 0))
                .andMetaData(Map.of(TenantMetadata.KEY, TestTokens.TENANT));
    }

    private double gauge() {
        return meters.get("conveyor.dead-letters")
                .tag("processor", Probe.GROUP)
                .gauge()
                .value();
    }

    private static void expectNotFound(WebTestClient.ResponseSpec response) {
        response.expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/not-found");
    }

    private static Instant instant(JsonNode letter, String field) {
        return Instant.parse(letter.get(field).asText());
    }

    private static Duration waitAfterLastAttempt(JsonNode letter) {
        return Duration.between(instant(letter, "lastTouched"), instant(letter, "nextAttempt"));
    }

    /**
     * Handles restocks like any projection, writing a row for each, except that it fails on the products and the
     * quantity it is told to fail on, after writing; it remembers the restocks it handled in transactions that
     * committed.
     */
    @ProcessingGroup(Probe.GROUP)
    static class Probe {
        static final String GROUP = "dead-letter-probe";

        enum Failure {
            /** A failing statement, which aborts the transaction on PostgreSQL. */
            SQL,
            /** A failing JPA query, which marks the transaction rollback-only. */
            JPA
        }

        private final Map<String, Failure> poisoned = new ConcurrentHashMap<>();
        /** A restock of this quantity fails (zero: none). */
        private volatile int failingQuantity;

        private final List<ProductRestockedEvent> handled = new CopyOnWriteArrayList<>();
        private final JdbcTemplate jdbc;
        private final EntityManager entityManager;

        Probe(JdbcTemplate jdbc, EntityManager entityManager) {
            this.jdbc = jdbc;
            this.entityManager = entityManager;
        }

        void poison(ProductId productId, Failure failure) {
            poisoned.put(productId.value(), failure);
        }

        void failAfterWriting(int quantity) {
            failingQuantity = quantity;
        }

        void cure(ProductId productId) {
            poisoned.remove(productId.value());
        }

        List<Integer> quantitiesHandledFor(ProductId productId) {
            return handled.stream()
                    .filter(e -> e.productId().equals(productId))
                    .map(ProductRestockedEvent::quantity)
                    .toList();
        }

        @EventHandler
        void on(ProductRestockedEvent e) {
            // written first: a handler that fails must leave nothing behind
            jdbc.update(
                    "insert into probe_marks (product_id, quantity) values (?, ?)",
                    e.productId().value(),
                    e.quantity());
            Failure failure = poisoned.get(e.productId().value());
            if (failure == Failure.SQL) {
                jdbc.queryForObject("select count(*) from no_such_table", Long.class);
            } else if (failure == Failure.JPA) {
                entityManager
                        .createNativeQuery("select count(*) from no_such_table")
                        .getSingleResult();
            } else if (e.quantity() == failingQuantity) {
                throw new IllegalStateException("a restock of " + failingQuantity + " fails");
            }
            // counted once its transaction commits: a batch that failed handles its events again
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    handled.add(e);
                }
            });
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ProbeConfiguration {
        @Bean
        Probe deadLetterProbe(JdbcTemplate jdbc, EntityManager entityManager) {
            return new Probe(jdbc, entityManager);
        }
    }
}
