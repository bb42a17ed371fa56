package io.conveyor.edge.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.edge.security.DevKeys;
import io.conveyor.edge.security.Scopes;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Token buckets per client and per tenant: headers on every answer, 429 with Retry-After when one is empty. */
@HttpTest
@TestPropertySource(
        properties = {
            "conveyor.rate-limit.client-capacity=3",
            "conveyor.rate-limit.client-refill=1",
            "conveyor.rate-limit.tenant-capacity=5",
            "conveyor.rate-limit.tenant-refill=1",
            // slow enough that no token comes back during the burst, even on a loaded machine
            "conveyor.rate-limit.refill-period=10s"
        })
@DirtiesContext
class RateLimitHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    private WebTestClient as(String tenant, String client) {
        String token = DevKeys.at(TestTokens.KEY).token(tenant, client, Scopes.ALL, Duration.ofHours(1), "tenant");
        return web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    @Test
    void a_client_gets_its_burst_then_429_with_retry_after_and_the_tenant_shares_a_bucket() {
        String tenant = "rl-" + UUID.randomUUID();
        WebTestClient first = as(tenant, "first");
        for (int remaining = 2; remaining >= 0; remaining--) {
            first.get()
                    .uri("/api/products")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("RateLimit-Policy", "\"client\";q=3;w=30")
                    .expectHeader()
                    .valueMatches("RateLimit", "\"client\";r=" + remaining + ";t=\\d+");
        }
        first.get()
                .uri("/api/products")
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueMatches(HttpHeaders.RETRY_AFTER, "[1-9]\\d*")
                .expectHeader()
                .valueMatches("RateLimit", "\"client\";r=0;t=[1-9]\\d*")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/rate-limited");

        // a second client of the tenant has a bucket of its own, but the tenant's (5) has 2 tokens left
        WebTestClient second = as(tenant, "second");
        second.get().uri("/api/products").exchange().expectStatus().isOk();
        second.get().uri("/api/products").exchange().expectStatus().isOk();
        second.get()
                .uri("/api/products")
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .valueEquals("RateLimit-Policy", "\"tenant\";q=5;w=50");

        // another tenant is not held back
        as("rl-" + UUID.randomUUID(), "first")
                .get()
                .uri("/api/products")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(meters.counter("conveyor.http.rate-limited", "limit", "client")
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.counter("conveyor.http.rate-limited", "limit", "tenant")
                        .count())
                .isGreaterThanOrEqualTo(1);

        // the buckets fill again: one token every 10 s
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> first.get()
                        .uri("/api/products")
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .is2xxSuccessful());
    }

    @Test
    void probes_are_not_limited() {
        WebTestClient anonymous = web.mutate()
                .defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION))
                .build();
        for (int i = 0; i < 10; i++) {
            anonymous
                    .get()
                    .uri("/actuator/health")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .doesNotExist("RateLimit");
        }
    }
}
