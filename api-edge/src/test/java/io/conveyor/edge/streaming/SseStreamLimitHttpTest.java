package io.conveyor.edge.streaming;

import static org.awaitility.Awaitility.await;

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
import reactor.core.Disposable;

/** A node serves a bounded number of streams; a stream that ends, or whose client leaves, frees its place. */
@HttpTest
@TestPropertySource(properties = "conveyor.sse.max-streams=2")
@DirtiesContext
class SseStreamLimitHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Test
    void one_stream_too_many_is_a_429_until_a_client_leaves() {
        Disposable first = open();
        Disposable second = open();
        await().atMost(ConveyorApi.PATIENCE).until(() -> openStreams() == 2);

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
                .isEqualTo("https://conveyor.io/problems/too-many-streams");

        first.dispose();
        await().atMost(ConveyorApi.PATIENCE).until(() -> openStreams() == 1);
        Disposable third = open();
        await().atMost(ConveyorApi.PATIENCE).until(() -> openStreams() == 2);
        second.dispose();
        third.dispose();
        await().atMost(ConveyorApi.PATIENCE).until(() -> openStreams() == 0);
    }

    private Disposable open() {
        return TestTokens.webClient("http://localhost:" + port)
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
