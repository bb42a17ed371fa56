package io.conveyor.edge.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.edge.security.Scopes;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** One tenant at its cap of streams leaves the other tenants' places free; a stream that ends frees its place. */
@HttpTest
@TestPropertySource(properties = {"conveyor.sse.max-streams=10", "conveyor.sse.max-streams-per-tenant=2"})
@DirtiesContext
class SseStreamTenantLimitHttpTest {
    static final String OTHER = "globex";

    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    @Autowired
    SseStreamLimit limit;

    @LocalServerPort
    int port;

    @Test
    void a_tenant_at_its_cap_gets_a_429_while_another_tenant_still_opens_streams() {
        Disposable first = open(TestTokens.TENANT);
        Disposable second = open(TestTokens.TENANT);
        await().atMost(ConveyorApi.PATIENCE).until(() -> limit.openFor(TestTokens.TENANT) == 2);

        web.get()
                .uri("/api/products/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/too-many-streams")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail)
                        .contains("tenant " + TestTokens.TENANT)
                        .contains("limit of 2"));

        Disposable otherFirst = open(OTHER);
        Disposable otherSecond = open(OTHER);
        await().atMost(ConveyorApi.PATIENCE).until(() -> limit.openFor(OTHER) == 2 && openStreams() == 4);

        first.dispose();
        await().atMost(ConveyorApi.PATIENCE).until(() -> limit.openFor(TestTokens.TENANT) == 1);
        Disposable third = open(TestTokens.TENANT);
        await().atMost(ConveyorApi.PATIENCE).until(() -> limit.openFor(TestTokens.TENANT) == 2);

        second.dispose();
        third.dispose();
        otherFirst.dispose();
        otherSecond.dispose();
        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> openStreams() == 0 && limit.openFor(TestTokens.TENANT) == 0 && limit.openFor(OTHER) == 0);
    }

    private Disposable open(String tenant) {
        return WebClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer(tenant, Scopes.ALL))
                .build()
                .get()
                .uri("/api/products/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(String.class)
                .subscribe();
    }

    private double openStreams() {
        return meters.get("conveyor.sse.open").gauge().value();
    }
}
