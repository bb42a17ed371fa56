package io.conveyor.edge.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.security.Scopes;
import io.conveyor.edge.signing.StandardWebhooks;
import io.conveyor.edge.support.AsyncApiDocument;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Webhooks end to end: subscriptions over HTTP, events from real commands, and a real receiver that checks every
 * signature. Each test acts for a tenant of its own, so each subscription sees only that test's events. A context of
 * its own: loopback targets allowed, short waits, and a stand-in for DNS that lets a name change its address.
 */
@HttpTest
@Import(WebhooksHttpTest.Dns.class)
@TestPropertySource(
        properties = {
            "conveyor.test.purpose=webhooks",
            "conveyor.webhooks.allow-private-targets=127.0.0.0/8",
            "conveyor.webhooks.initial-backoff=100ms",
            "conveyor.webhooks.max-backoff=1s",
            "conveyor.webhooks.multiplier=2",
            "conveyor.webhooks.jitter=0.2",
            "conveyor.webhooks.max-attempts=5",
            "conveyor.webhooks.poll-interval=50ms",
            "conveyor.webhooks.connect-timeout=1s",
            "conveyor.webhooks.request-timeout=2s",
            "conveyor.webhooks.lease=10s",
            "conveyor.webhooks.rotation-grace=1h"
        })
class WebhooksHttpTest {
    private static final String RESTOCKED = "products.ProductRestocked.v1";
    private static final String CREATED = "products.ProductCreated.v2";
    private static final Receiver receiver = new Receiver();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    WebTestClient web;

    @Autowired
    WebhookStore store;

    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /** Names ending in {@code .test} resolve as the test says; everything else as usual. */
    @TestConfiguration
    static class Dns {
        static final Map<String, List<String>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        static final Map<String, AtomicInteger> lookups = new java.util.concurrent.ConcurrentHashMap<>();

        @Bean
        @Primary
        TargetGuard.HostResolver testResolver() {
            return host -> {
                List<String> addresses = answers.get(host);
                if (addresses == null) {
                    if (host.endsWith(".test")) {
                        throw new UnknownHostException(host);
                    }
                    return InetAddress.getAllByName(host);
                }
                int lookup =
                        lookups.computeIfAbsent(host, h -> new AtomicInteger()).getAndIncrement();
                return new InetAddress[] {InetAddress.getByName(addresses.get(Math.min(lookup, addresses.size() - 1)))};
            };
        }
    }

    @Test
    void every_subscribed_event_arrives_signed_once_and_in_order_through_failures_and_retry_after() throws Exception {
        Tenant tenant = new Tenant("hooks-order");
        ProductId before = tenant.api.createProduct(100, 5);
        tenant.api.restock(before, 1); // before the subscription: never delivered
        String path = "/order";
        AtomicInteger tooManyRequests = new AtomicInteger();
        JsonNode created = tenant.subscribe(receiver.url(path), List.of(RESTOCKED));
        String secret = created.get("secret").asText();
        receiver.on(path, List.of(secret), (id, attempt) -> {
            if (attempt == 1) {
                return Receiver.Answer.status(503); // every message fails once: each is sent again
            }
            if (attempt == 2 && tooManyRequests.compareAndSet(0, 1)) {
                return new Receiver.Answer(429, Map.of("Retry-After", "1"));
            }
            return Receiver.Answer.ok();
        });

        ProductId first = tenant.api.createProduct(100, 5);
        ProductId second = tenant.api.createProduct(100, 5);
        tenant.api.restock(first, 1);
        tenant.api.restock(first, 2);
        tenant.api.restock(second, 3);
        tenant.api.restock(first, 4);
        tenant.api.restock(second, 5);
        // the log shows an event once every position below it has settled
        List<JsonNode> expected = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> tenant.events(RESTOCKED).stream()
                                .filter(event ->
                                        !event.get("aggregateId").asText().equals(before.value()))
                                .toList(),
                        events -> events.size() == 5);
        List<String> expectedIds =
                expected.stream().map(event -> event.get("eventId").asText()).toList();

        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> receiver.acceptedIds(path).size() == 5);
        List<Receiver.Request> requests = receiver.at(path);
        assertThat(requests)
                .allSatisfy(request -> assertThat(request.verificationFailure()).isNull());
        assertThat(receiver.distinctIds(path)).containsExactlyElementsOf(expectedIds);
        assertThat(receiver.acceptedIds(path)).containsExactlyElementsOf(expectedIds);
        // in order: a message is first sent only after every message before it was accepted
        List<String> accepted = new ArrayList<>();
        for (Receiver.Request request : requests) {
            int index = expectedIds.indexOf(request.id());
            assertThat(accepted).containsExactlyElementsOf(expectedIds.subList(0, index));
            if (request.answered() / 100 == 2) {
                accepted.add(request.id());
            }
        }
        // Retry-After: the attempt after the 429 waited at least the second it asked for
        Receiver.Request limited =
                requests.stream().filter(r -> r.answered() == 429).findFirst().orElseThrow();
        Receiver.Request afterLimit = requests.get(requests.indexOf(limited) + 1);
        assertThat(afterLimit.id()).isEqualTo(limited.id());
        assertThat(Duration.between(limited.arrived(), afterLimit.arrived()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        // the body is the structured CloudEvent, the same bytes on every attempt
        for (JsonNode event : expected) {
            String id = event.get("eventId").asText();
            List<Receiver.Request> attempts =
                    requests.stream().filter(r -> r.id().equals(id)).toList();
            assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
            assertThat(attempts)
                    .allSatisfy(
                            a -> assertThat(a.body()).isEqualTo(attempts.get(0).body()));
            assertThat(attempts.get(0).contentType()).isEqualTo("application/cloudevents+json");
            JsonNode cloudEvent = JSON.readTree(attempts.get(0).body());
            assertThat(cloudEvent.get("specversion").asText()).isEqualTo("1.0");
            assertThat(cloudEvent.get("id").asText()).isEqualTo(id);
            assertThat(cloudEvent.get("type").asText()).isEqualTo(RESTOCKED);
            assertThat(cloudEvent.get("subject").asText())
                    .isEqualTo(event.get("aggregateId").asText());
            assertThat(cloudEvent.get("tenant").asText()).isEqualTo(tenant.name);
            assertThat(cloudEvent.get("data").get("quantity").asInt())
                    .isEqualTo(event.get("payload").get("quantity").asInt());
        }

        // each request is the message docs/asyncapi.yaml describes
        AsyncApiDocument contract = AsyncApiDocument.load();
        JsonNode message = contract.resolve(contract.root().at("/channels/webhookDeliveries/messages/webhookDelivery"));
        assertThat(message.path("contentType").asText()).isEqualTo("application/cloudevents+json");
        for (Receiver.Request request : requests) {
            ObjectNode headers = JSON.createObjectNode()
                    .put("webhook-id", request.id())
                    .put("webhook-timestamp", request.timestamp())
                    .put("webhook-signature", request.signature());
            assertThat(contract.violations("headers", headers, message.path("headers")))
                    .isEmpty();
            assertThat(contract.violations("payload", JSON.readTree(request.body()), message.path("payload")))
                    .isEmpty();
        }

        // the deliveries as the API shows them
        JsonNode deliveries = tenant.deliveries(created.get("id").asText(), "");
        assertThat(ids(deliveries)).containsExactlyElementsOf(expectedIds);
        for (JsonNode delivery : deliveries.get("deliveries")) {
            assertThat(delivery.get("status").asText()).isEqualTo("delivered");
            assertThat(delivery.get("lastStatus").asInt()).isEqualTo(204);
            assertThat(delivery.get("lastError").isNull()).isTrue();
            assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
            assertThat(delivery.get("deliveredAt").isNull()).isFalse();
            assertThat(delivery.get("lastLatencyMs").asLong()).isNotNegative();
            String id = delivery.get("id").asText();
            assertThat(delivery.get("attempts").asInt()).isEqualTo((int)
                    requests.stream().filter(r -> r.id().equals(id)).count());
        }
    }

    @Test
    void webhooks_are_managed_by_admins_of_their_own_tenant_only() {
        Tenant acme = new Tenant("hooks-crud");
        Tenant other = new Tenant("other-tenant");
        var created = acme.web
                .post()
                .uri("/api/webhooks")
                .bodyValue(Map.of(
                        "url",
                        receiver.url("/crud"),
                        "eventTypes",
                        List.of(CREATED, RESTOCKED),
                        "description",
                        "stock sync"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult();
        JsonNode body = created.getResponseBody();
        String id = body.get("id").asText();
        assertThat(id).startsWith("whk_");
        assertThat(created.getResponseHeaders().getLocation()).hasPath("/api/webhooks/" + id);
        assertThat(StandardWebhooks.isSecret(body.get("secret").asText())).isTrue();
        assertThat(body.get("eventTypes")).hasSize(2);

        JsonNode fetched = acme.json("/api/webhooks/" + id);
        assertThat(fetched.get("url").asText()).isEqualTo(receiver.url("/crud"));
        assertThat(fetched.get("description").asText()).isEqualTo("stock sync");
        assertThat(fetched.has("secret")).isFalse();
        assertThat(fetched.get("previousSecretValidUntil").isNull()).isTrue();
        assertThat(acme.json("/api/webhooks")).hasSize(1);

        // another tenant does not see it, and cannot touch it
        assertThat(other.json("/api/webhooks")).isEmpty();
        for (var request : List.of(
                other.web.get().uri("/api/webhooks/{id}", id),
                other.web.get().uri("/api/webhooks/{id}/deliveries", id),
                other.web.delete().uri("/api/webhooks/{id}", id),
                other.web.post().uri("/api/webhooks/{id}/rotate-secret", id),
                other.web.post().uri("/api/webhooks/{id}/deliveries/{delivery}/redeliver", id, "anything"))) {
            request.exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("https://conveyor.io/problems/not-found");
        }

        // managing webhooks takes the admin scope
        acme.web
                .get()
                .uri("/api/webhooks")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(acme.name, List.of(Scopes.ORDERS_READ)))
                .exchange()
                .expectStatus()
                .isForbidden();

        acme.web
                .delete()
                .uri("/api/webhooks/{id}", id)
                .exchange()
                .expectStatus()
                .isNoContent();
        acme.web.get().uri("/api/webhooks/{id}", id).exchange().expectStatus().isNotFound();
        assertThat(acme.json("/api/webhooks")).isEmpty();
    }

    @Test
    void invalid_subscriptions_are_problems_that_say_what_is_wrong() {
        Tenant tenant = new Tenant("hooks-invalid");
        tenant.refused(Map.of("url", "ftp://example.com/hook", "eventTypes", List.of(RESTOCKED)), 400)
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/validation-failed")
                .jsonPath("$.errors[0].field")
                .isEqualTo("url");
        tenant.refused(Map.of("url", "hooks.example.com/x", "eventTypes", List.of(RESTOCKED)), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("url");
        tenant.refused(Map.of("url", "https://user:pw@example.com/x", "eventTypes", List.of(RESTOCKED)), 400)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("credentials"));
        tenant.refused(Map.of("url", "https://example.com/" + "x".repeat(2100), "eventTypes", List.of(RESTOCKED)), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("url");
        tenant.refused(Map.of("url", receiver.url("/x")), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("eventTypes");
        tenant.refused(Map.of("url", receiver.url("/x"), "eventTypes", List.of()), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("eventTypes");
        tenant.refused(Map.of("url", receiver.url("/x"), "eventTypes", List.of("*", RESTOCKED)), 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("eventTypes");
        tenant.refused(
                        Map.of(
                                "url",
                                receiver.url("/x"),
                                "eventTypes",
                                List.of(RESTOCKED, "orders.OrderTeleported.v1", "products.ProductRestocked.v9")),
                        422)
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/unknown-event-type")
                .jsonPath("$.unknownTypes")
                .isEqualTo(List.of("orders.OrderTeleported.v1", "products.ProductRestocked.v9"))
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("orders.OrderTeleported.v1"));
        for (String internal : List.of(
                "http://10.1.2.3/hook",
                "http://169.254.169.254/latest/meta-data",
                "http://192.168.0.10:8080/hook",
                "http://[::1]:8080/hook",
                "http://[fd00::1]/hook",
                "http://0.0.0.0/hook")) {
            tenant.refused(Map.of("url", internal, "eventTypes", List.of(RESTOCKED)), 422)
                    .jsonPath("$.type")
                    .isEqualTo("https://conveyor.io/problems/webhook-target-refused")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat(detail.toString()).contains("internal address"));
        }
        tenant.refused(Map.of("url", "https://nowhere.test/hook", "eventTypes", List.of(RESTOCKED)), 422)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains("does not resolve"));
        // "*" alone is every type
        JsonNode all = tenant.subscribe(receiver.url("/all"), List.of("*"));
        assertThat(all.get("eventTypes")).hasSize(1);
        assertThat(all.get("eventTypes").get(0).asText()).isEqualTo("*");
        assertThat(tenant.json("/api/webhooks")).isNotEmpty();
    }

    @Test
    void a_name_that_turns_internal_after_creation_is_refused_at_the_attempt() {
        Tenant tenant = new Tenant("hooks-rebind");
        Dns.answers.put("rebind.test", List.of("203.0.113.7", "10.0.0.7"));
        JsonNode created = tenant.subscribe("http://rebind.test:" + receiver.port() + "/rebind", List.of(RESTOCKED));
        tenant.api.restock(tenant.api.createProduct(100, 5), 1);

        JsonNode delivery = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> firstDelivery(tenant, created),
                        d -> d != null && d.get("attempts").asInt() >= 1);
        assertThat(delivery.get("status").asText()).isEqualTo("pending");
        assertThat(delivery.get("lastStatus").isNull()).isTrue();
        assertThat(delivery.get("lastError").asText()).contains("10.0.0.7").contains("internal address");
        assertThat(receiver.at("/rebind")).isEmpty();
        tenant.delete(created);
    }

    @Test
    void a_dead_delivery_lets_the_next_go_shows_in_the_list_and_is_redelivered() {
        Tenant tenant = new Tenant("hooks-dead");
        String path = "/dead";
        AtomicBoolean healthy = new AtomicBoolean(false);
        JsonNode created = tenant.subscribe(receiver.url(path), List.of(RESTOCKED));
        String webhook = created.get("id").asText();
        receiver.on(
                path,
                List.of(created.get("secret").asText()),
                (id, attempt) -> healthy.get() ? Receiver.Answer.ok() : Receiver.Answer.status(500));
        ProductId product = tenant.api.createProduct(100, 5);
        tenant.api.restock(product, 1);
        tenant.api.restock(product, 2);

        JsonNode dead = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> tenant.deliveries(webhook, "?status=dead"),
                        page -> page.get("deliveries").size() == 2);
        List<String> ids = ids(dead);
        for (JsonNode delivery : dead.get("deliveries")) {
            assertThat(delivery.get("attempts").asInt()).isEqualTo(5);
            assertThat(delivery.get("lastStatus").asInt()).isEqualTo(500);
            assertThat(delivery.get("lastError").asText()).isEqualTo("HTTP 500");
            assertThat(delivery.get("nextAttemptAt").isNull()).isTrue();
            assertThat(delivery.get("deliveredAt").isNull()).isTrue();
        }
        // the second was first sent only once the first was dead
        List<Receiver.Request> requests = receiver.at(path);
        assertThat(requests.stream().map(Receiver.Request::id).toList())
                .containsExactly(
                        ids.get(0),
                        ids.get(0),
                        ids.get(0),
                        ids.get(0),
                        ids.get(0),
                        ids.get(1),
                        ids.get(1),
                        ids.get(1),
                        ids.get(1),
                        ids.get(1));
        assertThat(meters.counter("conveyor.webhooks.deliveries", "outcome", "dead")
                        .count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.counter("conveyor.webhooks.deliveries", "outcome", "failed")
                        .count())
                .isGreaterThanOrEqualTo(8);
        assertThat(meters.get("conveyor.webhooks.backlog")
                        .tag("status", "dead")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("conveyor.webhooks.delivery.latency")
                        .tag("outcome", "failed")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(10);

        // paged like the other listings
        JsonNode page = tenant.deliveries(webhook, "?limit=1");
        assertThat(ids(page)).containsExactly(ids.get(0));
        String next = page.get("next").asText();
        assertThat(next)
                .contains(
                        "after=" + page.get("deliveries").get(0).get("sequence").asLong());
        JsonNode rest = tenant.json(next.substring(next.indexOf("/api/")));
        assertThat(ids(rest)).containsExactly(ids.get(1));
        JsonNode beyond = tenant.deliveries(
                webhook,
                "?limit=1&after="
                        + rest.get("deliveries").get(0).get("sequence").asLong());
        assertThat(beyond.get("deliveries")).isEmpty();
        assertThat(beyond.get("next").isNull()).isTrue();
        tenant.web
                .get()
                .uri("/api/webhooks/{id}/deliveries?status=lost", webhook)
                .exchange()
                .expectStatus()
                .isBadRequest();

        healthy.set(true);
        JsonNode queued = tenant.web
                .post()
                .uri("/api/webhooks/{id}/deliveries/{delivery}/redeliver", webhook, ids.get(0))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(queued.get("status").asText()).isEqualTo("pending");
        assertThat(queued.get("attempts").asInt()).isZero();
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> receiver.acceptedIds(path).equals(List.of(ids.get(0))));
        JsonNode redelivered = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> tenant.deliveries(webhook, "").get("deliveries").get(0),
                        d -> d.get("status").asText().equals("delivered"));
        assertThat(redelivered.get("attempts").asInt()).isEqualTo(1);
        assertThat(redelivered.get("lastStatus").asInt()).isEqualTo(204);
        assertThat(tenant.deliveries(webhook, "")
                        .get("deliveries")
                        .get(1)
                        .get("status")
                        .asText())
                .isEqualTo("dead");
        tenant.web
                .post()
                .uri("/api/webhooks/{id}/deliveries/{delivery}/redeliver", webhook, "no-such-delivery")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void redirects_are_not_followed() {
        Tenant tenant = new Tenant("hooks-redirect");
        JsonNode created = tenant.subscribe(receiver.url("/moved"), List.of(RESTOCKED));
        String secret = created.get("secret").asText();
        receiver.on(
                "/moved",
                List.of(secret),
                (id, attempt) -> new Receiver.Answer(307, Map.of("Location", receiver.url("/elsewhere"))));
        receiver.on("/elsewhere", List.of(secret), (id, attempt) -> Receiver.Answer.ok());
        tenant.api.restock(tenant.api.createProduct(100, 5), 1);

        JsonNode delivery = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> firstDelivery(tenant, created),
                        d -> d != null && d.get("attempts").asInt() >= 2);
        assertThat(delivery.get("status").asText()).isIn("pending", "dead");
        assertThat(delivery.get("lastStatus").asInt()).isEqualTo(307);
        assertThat(delivery.get("lastError").asText()).contains("redirects are not followed");
        assertThat(receiver.at("/moved")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(receiver.at("/elsewhere")).isEmpty();
        tenant.delete(created);
    }

    @Test
    void a_rotated_secret_signs_alongside_the_old_one_during_the_grace() throws Exception {
        Tenant tenant = new Tenant("hooks-rotate");
        String path = "/rotate";
        JsonNode created = tenant.subscribe(receiver.url(path), List.of(RESTOCKED));
        String webhook = created.get("id").asText();
        String oldSecret = created.get("secret").asText();
        receiver.on(path, List.of(oldSecret), (id, attempt) -> Receiver.Answer.ok());
        ProductId product = tenant.api.createProduct(100, 5);
        tenant.api.restock(product, 1);
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> receiver.acceptedIds(path).size() == 1);
        assertThat(receiver.at(path).get(0).signature().split(" ")).hasSize(1);

        JsonNode rotated = tenant.web
                .post()
                .uri("/api/webhooks/{id}/rotate-secret", webhook)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        String newSecret = rotated.get("secret").asText();
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(StandardWebhooks.isSecret(newSecret)).isTrue();
        Instant graceEnds =
                Instant.parse(rotated.get("previousSecretValidUntil").asText());
        assertThat(graceEnds).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(tenant.json("/api/webhooks/" + webhook)
                        .get("previousSecretValidUntil")
                        .asText())
                .isEqualTo(rotated.get("previousSecretValidUntil").asText());

        receiver.verifyWith(path, List.of(newSecret)); // a receiver that has switched already
        tenant.api.restock(product, 2);
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> receiver.acceptedIds(path).size() == 2);
        Receiver.Request signedTwice = receiver.at(path).get(receiver.at(path).size() - 1);
        assertThat(signedTwice.verified()).isTrue();
        assertThat(signedTwice.signature().split(" ")).hasSize(2);
        for (String secret : List.of(oldSecret, newSecret)) {
            StandardWebhooks.verify( // a receiver holding only one of the two accepts it
                    List.of(secret),
                    signedTwice.id(),
                    signedTwice.timestamp(),
                    signedTwice.signature(),
                    signedTwice.body(),
                    Instant.now(),
                    Duration.ofMinutes(5));
        }
        assertThat(receiver.at(path)).allSatisfy(r -> assertThat(r.verified()).isTrue());
    }

    @Test
    void a_slow_receiver_holds_back_its_own_deliveries_only() throws Exception {
        Tenant tenant = new Tenant("hooks-slow");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowArrivals = new AtomicInteger();
        JsonNode slow = tenant.subscribe(receiver.url("/slow"), List.of(RESTOCKED));
        JsonNode fast = tenant.subscribe(receiver.url("/fast"), List.of(RESTOCKED));
        receiver.on("/slow", List.of(slow.get("secret").asText()), (id, attempt) -> {
            slowArrivals.incrementAndGet();
            release.await(60, TimeUnit.SECONDS); // longer than the request timeout: the attempt times out
            return Receiver.Answer.ok();
        });
        receiver.on("/fast", List.of(fast.get("secret").asText()), (id, attempt) -> Receiver.Answer.ok());
        ProductId product = tenant.api.createProduct(100, 5);
        tenant.api.restock(product, 1);
        tenant.api.restock(product, 2);
        tenant.api.restock(product, 3);

        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> receiver.acceptedIds("/fast").size() == 3);
        await().atMost(ConveyorApi.PATIENCE).until(() -> slowArrivals.get() >= 1);
        JsonNode timedOut = await().atMost(ConveyorApi.PATIENCE)
                .until(
                        () -> firstDelivery(tenant, slow),
                        d -> d != null && d.get("attempts").asInt() >= 1);
        assertThat(timedOut.get("lastError").asText()).isEqualTo("no answer within 2000 ms");
        assertThat(timedOut.get("lastStatus").isNull()).isTrue();
        assertThat(receiver.acceptedIds("/slow")).isEmpty();

        release.countDown();
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> receiver.acceptedIds("/slow").equals(receiver.acceptedIds("/fast")));
    }

    @Test
    void one_node_at_a_time_holds_a_subscription() {
        Tenant tenant = new Tenant("hooks-lease");
        String webhook = tenant.subscribe(receiver.url("/lease"), List.of(RESTOCKED))
                .get("id")
                .asText();
        Instant now = Instant.now();
        assertThat(store.claim(webhook, "node-a", now, now.plusSeconds(60))).isTrue();
        assertThat(store.claim(webhook, "node-b", now, now.plusSeconds(60))).isFalse();
        store.release(webhook, "node-b"); // not its lease: nothing happens
        assertThat(store.claim(webhook, "node-b", now.plusSeconds(30), now.plusSeconds(90)))
                .isFalse();
        assertThat(store.claim(webhook, "node-b", now.plusSeconds(61), now.plusSeconds(120)))
                .isTrue();
        store.release(webhook, "node-b");
        assertThat(store.claim(webhook, "node-a", now, now.plusSeconds(60))).isTrue();
        store.release(webhook, "node-a");
    }

    @Test
    void the_webhooks_processor_refuses_a_replay() {
        new Tenant("hooks-replay")
                .web
                .post()
                .uri("/api/admin/projections/{name}/replay", WebhookOutbox.GROUP)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("not-replayable");
    }

    private static JsonNode firstDelivery(Tenant tenant, JsonNode webhook) {
        JsonNode page = tenant.deliveries(webhook.get("id").asText(), "");
        return page.get("deliveries").isEmpty() ? null : page.get("deliveries").get(0);
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("deliveries").spliterator(), false)
                .map(d -> d.get("id").asText())
                .toList();
    }

    /** The API as one tenant's admin uses it. */
    private final class Tenant {
        final String name;
        final WebTestClient web;
        final ConveyorApi api;

        Tenant(String name) {
            this.name = name;
            this.web = WebhooksHttpTest.this
                    .web
                    .mutate()
                    .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer(name, Scopes.ALL))
                    .build();
            this.api = new ConveyorApi(web);
        }

        JsonNode subscribe(String url, List<String> types) {
            return web.post()
                    .uri("/api/webhooks")
                    .bodyValue(Map.of("url", url, "eventTypes", types))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(JsonNode.class)
                    .returnResult()
                    .getResponseBody();
        }

        void delete(JsonNode webhook) {
            web.delete()
                    .uri("/api/webhooks/{id}", webhook.get("id").asText())
                    .exchange()
                    .expectStatus()
                    .isNoContent();
        }

        WebTestClient.BodyContentSpec refused(Map<String, Object> body, int status) {
            return web.post()
                    .uri("/api/webhooks")
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isEqualTo(status)
                    .expectBody();
        }

        JsonNode json(String uri) {
            return api.json(uri);
        }

        JsonNode deliveries(String webhook, String query) {
            return json("/api/webhooks/" + webhook + "/deliveries" + query);
        }

        /** This tenant's events of one type, from the event log, in log order. */
        List<JsonNode> events(String type) {
            JsonNode page = json("/api/events?type=" + type + "&limit=1000");
            return StreamSupport.stream(page.get("events").spliterator(), false).toList();
        }
    }
}
