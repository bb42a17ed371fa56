package io.conveyor.edge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.edge.error.NotFoundException;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The dashboard page is open to anyone; the development token it may offer is not. */
@HttpTest
class DashboardHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    SecuritySettings settings;

    WebTestClient anonymous;

    @BeforeEach
    void setUp() {
        anonymous = web.mutate()
                .defaultHeaders(headers -> headers.remove(HttpHeaders.AUTHORIZATION))
                .build();
    }

    @Test
    void the_page_and_its_assets_need_no_token_and_a_missing_asset_is_a_404_problem() {
        anonymous
                .get()
                .uri("/")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(html -> assertThat(html)
                        .contains("<title>Conveyor dashboard</title>")
                        .contains("aria-live")
                        .contains("Content-Security-Policy"));
        for (String asset : List.of("dashboard.js", "streams.js", "api.js", "dashboard.css")) {
            anonymous.get().uri("/dashboard/" + asset).exchange().expectStatus().isOk();
        }
        anonymous
                .get()
                .uri("/dashboard/missing.js")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void a_browser_on_this_machine_gets_a_development_token_that_the_api_accepts() {
        JsonNode dev = anonymous
                .post()
                .uri("/dashboard/dev-token")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"))
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(dev.path("tenant").asText()).isEqualTo(Tenants.DEFAULT);

        web.mutate()
                .defaultHeader(
                        HttpHeaders.AUTHORIZATION, "Bearer " + dev.path("token").asText())
                .build()
                .post()
                .uri("/api/stream-tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"path\":\"/api/events/stream\"}")
                .exchange()
                .expectStatus()
                .isCreated();
    }

    @Test
    void a_page_that_reached_this_machine_under_another_name_gets_no_token() {
        // a site whose name was rebound to this machine's address would send its own Host
        anonymous
                .post()
                .uri("/dashboard/dev-token")
                .header(HttpHeaders.HOST, "conveyor.example")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/not-found");
    }

    @Test
    void no_development_token_is_offered_while_tokens_come_from_an_identity_provider_or_when_switched_off() {
        MockHttpServletRequest local = new MockHttpServletRequest("POST", "/dashboard/dev-token");
        local.setServerName("localhost");
        local.setRemoteAddr("127.0.0.1");
        OAuth2ResourceServerProperties devKey = new OAuth2ResourceServerProperties();
        OAuth2ResourceServerProperties provider = new OAuth2ResourceServerProperties();
        provider.getJwt().setJwkSetUri("https://id.example/jwks");
        SecuritySettings off = new SecuritySettings(
                settings.tenantClaim(),
                settings.clientClaims(),
                settings.issuer(),
                settings.audience(),
                TestTokens.KEY,
                false,
                settings.verifiedTokens());

        assertThat(new DashboardDevTokenController(settings, devKey)
                        .token(local)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThatThrownBy(() -> new DashboardDevTokenController(settings, provider).token(local))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> new DashboardDevTokenController(off, devKey).token(local))
                .isInstanceOf(NotFoundException.class);
        local.setRemoteAddr("192.0.2.10");
        assertThatThrownBy(() -> new DashboardDevTokenController(settings, devKey).token(local))
                .isInstanceOf(NotFoundException.class);
    }
}
