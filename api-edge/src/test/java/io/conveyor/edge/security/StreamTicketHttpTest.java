package io.conveyor.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Stream tickets: a browser's way to open a stream without a bearer token. Single use, short-lived, bound to the
 * stream path, tenant and scopes they were issued for, and taken only on event-stream GETs.
 */
@HttpTest
class StreamTicketHttpTest {
    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> EVENTS =
            new ParameterizedTypeReference<>() {};

    @Autowired
    WebTestClient web;

    @Autowired
    JdbcTemplate jdbc;

    ConveyorApi api;
    WebTestClient anonymous;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
        anonymous = web.mutate()
                .defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION))
                .build();
    }

    @Test
    void a_ticket_opens_the_stream_it_was_issued_for_once() {
        ProductId mug = api.createProduct(1250, 4);
        JsonNode ticket = issue(web, "/api/products/stream");
        assertThat(ticket.path("ticket").asText()).startsWith("stk_");
        assertThat(ticket.path("path").asText()).isEqualTo("/api/products/stream");
        assertThat(Instant.parse(ticket.path("expiresAt").asText())).isAfter(Instant.now());

        ServerSentEvent<JsonNode> first = anonymous
                .get()
                .uri("/api/products/stream?ticket={t}", ticket.path("ticket").asText())
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(EVENTS)
                .getResponseBody()
                .filter(event -> event.data() != null
                        && event.data().path("productId").asText().equals(mug.value()))
                .blockFirst(ConveyorApi.PATIENCE);
        assertThat(first.data().path("available").asInt()).isEqualTo(4);

        expectRefused(openStream("/api/products/stream", ticket.path("ticket").asText()), "unknown, used, expired");
    }

    @Test
    void an_expired_ticket_is_refused() {
        String ticket = issue(web, "/api/products/stream").path("ticket").asText();
        // as if its 30 seconds had passed
        jdbc.update(
                "update stream_ticket set expires_at = ? where ticket_hash = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1),
                StreamTickets.hash(ticket));

        expectRefused(openStream("/api/products/stream", ticket), "expired");
    }

    @Test
    void a_ticket_for_one_stream_opens_no_other_and_is_used_up_by_trying() {
        String ticket = issue(web, "/api/products/stream").path("ticket").asText();

        expectRefused(openStream("/api/events/stream", ticket), "for another stream");
        expectRefused(openStream("/api/products/stream", ticket), "used");
    }

    @Test
    void a_ticket_is_taken_only_on_an_event_stream_get_and_is_not_used_up_by_another_request() {
        String ticket = issue(web, "/api/products/stream").path("ticket").asText();

        expectRefused(
                anonymous
                        .get()
                        .uri("/api/products/stream?ticket={t}", ticket)
                        .accept(MediaType.APPLICATION_JSON)
                        .exchange(),
                "text/event-stream only");
        expectRefused(
                anonymous
                        .get()
                        .uri("/api/products?ticket={t}", ticket)
                        .accept(MediaType.APPLICATION_JSON)
                        .exchange(),
                "text/event-stream only");

        openStream("/api/products/stream", ticket).expectStatus().isOk();
    }

    @Test
    void a_ticket_acts_for_the_tenant_it_was_issued_to() {
        ProductId mug = api.createProduct(1250, 2);
        OrderId order = api.anOrder().line(mug, 1).place();
        WebTestClient otherTenant = web.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer("other", Scopes.ALL))
                .build();
        String path = "/api/orders/" + order + "/stream";

        String others = issue(otherTenant, path).path("ticket").asText();
        openStream(path, others)
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/not-found");

        String own = issue(web, path).path("ticket").asText();
        ServerSentEvent<JsonNode> first = openStream(path, own)
                .expectStatus()
                .isOk()
                .returnResult(EVENTS)
                .getResponseBody()
                .filter(event -> event.data() != null)
                .blockFirst(ConveyorApi.PATIENCE);
        assertThat(first.data().path("orderId").asText()).isEqualTo(order.value());
    }

    @Test
    void a_ticket_needs_the_scopes_of_its_stream_and_carries_no_others() {
        WebTestClient reader = web.mutate()
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.TENANT, List.of(Scopes.ORDERS_READ)))
                .build();

        reader.post()
                .uri("/api/stream-tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("path", "/api/events/stream"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("'audit:read'"));

        String ticket = issue(web, "/api/orders/stream").path("ticket").asText();
        assertThat(jdbc.queryForObject(
                        "select scopes from stream_ticket where ticket_hash = ?",
                        String.class,
                        StreamTickets.hash(ticket)))
                .isEqualTo(Scopes.ORDERS_READ);
    }

    @Test
    void only_stream_paths_get_tickets_and_only_token_holders_ask() {
        for (String path : List.of("/api/orders", "/api/events", "/api/../api/events/stream", "/dashboard/stream")) {
            web.post()
                    .uri("/api/stream-tickets")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("path", path))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("path");
        }
        web.post()
                .uri("/api/stream-tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isBadRequest();
        anonymous
                .post()
                .uri("/api/stream-tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("path", "/api/products/stream"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    private JsonNode issue(WebTestClient client, String path) {
        return client.post()
                .uri("/api/stream-tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("path", path))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec openStream(String path, String ticket) {
        return anonymous
                .get()
                .uri(path + "?ticket={t}", ticket)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange();
    }

    private static void expectRefused(WebTestClient.ResponseSpec response, String detailPart) {
        response.expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains(detailPart));
    }
}
