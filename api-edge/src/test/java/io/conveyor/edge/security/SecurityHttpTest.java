package io.conveyor.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Who may call what: 401 without a valid token, 403 without the scope, both as RFC 9457 problems. */
@HttpTest
class SecurityHttpTest {
    private static final Map<String, Object> PRODUCT =
            Map.of("sku", "SEC-1", "name", "Mug", "priceMinor", 100, "currency", "EUR", "initialStock", 1);

    @Autowired
    WebTestClient web;

    @Autowired
    SecurityFilterChain chain;

    /**
     * Headers written lazily race an SSE stream committing its response on another thread; the race is too narrow to
     * provoke in a test (the platform benchmark's 1,000 concurrent streams met it), so the setting is checked.
     */
    @Test
    void securityHeadersAreWrittenBeforeTheHandlerRuns() {
        HeaderWriterFilter headers = chain.getFilters().stream()
                .filter(HeaderWriterFilter.class::isInstance)
                .map(HeaderWriterFilter.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(ReflectionTestUtils.getField(headers, "shouldWriteHeadersEagerly"))
                .isEqualTo(true);
        web.get()
                .uri("/api/products")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("X-Content-Type-Options", "nosniff");
    }

    private WebTestClient as(String authorization) {
        return web.mutate()
                .defaultHeaders(headers -> {
                    headers.remove(HttpHeaders.AUTHORIZATION);
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .build();
    }

    private void expectUnauthorized(WebTestClient client, String detailPart) {
        client.get()
                .uri("/api/products")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/unauthorized")
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains(detailPart));
    }

    @Test
    void a_request_without_a_token_is_401() {
        expectUnauthorized(as(null), "a bearer token is required");
    }

    @Test
    void a_token_that_is_not_a_jwt_is_401() {
        expectUnauthorized(as("Bearer not-a-token"), "not valid");
    }

    @Test
    void a_token_signed_by_another_key_is_401() throws Exception {
        var stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(),
                new JWTClaimsSet.Builder()
                        .issuer(DevKeys.ISSUER)
                        .subject("mallory")
                        .claim("tenant", TestTokens.TENANT)
                        .claim("scope", "admin")
                        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                        .build());
        jwt.sign(new RSASSASigner(stranger));
        expectUnauthorized(as("Bearer " + jwt.serialize()), "not valid");
    }

    @Test
    void an_expired_token_is_401() {
        String expired = DevKeys.at(TestTokens.KEY)
                .token(
                        TestTokens.TENANT,
                        "test-client",
                        Scopes.ALL,
                        Instant.now().minus(Duration.ofHours(1)),
                        Instant.now().minus(Duration.ofMinutes(5)),
                        "tenant");
        expectUnauthorized(as("Bearer " + expired), "expired");
    }

    @Test
    void a_token_without_a_tenant_is_401() {
        String tenantless = DevKeys.at(TestTokens.KEY)
                .token(TestTokens.TENANT, "test-client", Scopes.ALL, Duration.ofMinutes(5), "not-the-tenant-claim");
        expectUnauthorized(as("Bearer " + tenantless), "tenant");
    }

    @Test
    void a_token_without_the_scope_is_403_naming_the_scope() {
        as(TestTokens.bearer(TestTokens.TENANT, List.of(Scopes.ORDERS_READ)))
                .post()
                .uri("/api/products")
                .bodyValue(PRODUCT)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\".*")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/forbidden")
                .jsonPath("$.detail")
                .isEqualTo("this operation needs the scope 'products:write', which the token does not have");
    }

    @Test
    void each_part_of_the_api_needs_its_scope() {
        WebTestClient reader = as(TestTokens.bearer(TestTokens.TENANT, List.of(Scopes.ORDERS_READ)));
        reader.get().uri("/api/orders").exchange().expectStatus().isOk();
        reader.get().uri("/api/products").exchange().expectStatus().isOk(); // any valid token reads the catalogue
        reader.get().uri("/api/events").exchange().expectStatus().isForbidden();
        reader.get().uri("/api/audit/head").exchange().expectStatus().isForbidden();
        reader.get().uri("/api/admin/projections").exchange().expectStatus().isForbidden();
        reader.post()
                .uri("/api/orders")
                .bodyValue(Map.of())
                .exchange()
                .expectStatus()
                .isForbidden();

        WebTestClient auditor = as(TestTokens.bearer(TestTokens.TENANT, List.of(Scopes.AUDIT_READ)));
        auditor.get().uri("/api/events").exchange().expectStatus().isOk();
        auditor.get().uri("/api/audit/head").exchange().expectStatus().isOk();
        auditor.get().uri("/api/orders").exchange().expectStatus().isForbidden();

        WebTestClient admin = as(TestTokens.bearer(TestTokens.TENANT, List.of(Scopes.ADMIN)));
        admin.get().uri("/api/admin/projections").exchange().expectStatus().isOk();
        admin.get().uri("/actuator/metrics").exchange().expectStatus().isOk();
    }

    @Test
    void probes_need_no_token_and_metrics_need_admin() {
        as(null).get().uri("/actuator/health").exchange().expectStatus().isOk();
        as(null).get()
                .uri("/actuator/health/database")
                .exchange()
                .expectStatus()
                .isOk();
        as(null).get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
        as(TestTokens.bearer(TestTokens.TENANT, List.of(Scopes.ORDERS_READ)))
                .get()
                .uri("/actuator/metrics")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void the_dev_token_command_prints_a_token_the_application_accepts() {
        var out = new java.io.ByteArrayOutputStream();
        int exit = DevTokenCommand.run(
                new String[] {"--tenant=" + TestTokens.TENANT, "--scopes=orders:read", "--key=" + TestTokens.KEY},
                new java.io.PrintStream(out, true),
                System.err);
        assertThat(exit).isZero();
        String token = out.toString().trim();
        as("Bearer " + token).get().uri("/api/orders").exchange().expectStatus().isOk();
        as("Bearer " + token).get().uri("/api/events").exchange().expectStatus().isForbidden();

        int refused = DevTokenCommand.run(
                new String[] {"--tenant=no spaces allowed"},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
        assertThat(refused).isEqualTo(2);
    }
}
