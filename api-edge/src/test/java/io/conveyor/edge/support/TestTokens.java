package io.conveyor.edge.support;

import io.conveyor.edge.security.DevKeys;
import io.conveyor.edge.security.Scopes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.test.web.reactive.server.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Tokens for tests, signed with a development key of the test run's own (the one the applications under test are
 * given in {@code application-test.yml} and by {@link ConveyorProcess}). Every test client sends a token of tenant
 * {@link #TENANT} with every scope unless it asks otherwise: not the default tenant, so that any path that loses the
 * tenant on the way (a saga, a deadline, a provider's answer) shows up as a missing row.
 */
@AutoConfiguration
public class TestTokens {
    public static final Path KEY = Path.of("target/test-dev-jwt-key.json").toAbsolutePath();
    public static final String TENANT = "acme";

    /** A token of {@code tenant} holding {@code scopes}. */
    public static String token(String tenant, List<String> scopes) {
        return DevKeys.at(KEY).token(tenant, "test-client", scopes, Duration.ofHours(1), "tenant");
    }

    public static String bearer(String tenant, List<String> scopes) {
        return "Bearer " + token(tenant, scopes);
    }

    /** Every scope, tenant {@link #TENANT}. */
    public static String bearer() {
        return bearer(TENANT, Scopes.ALL);
    }

    /** A plain reactive client that sends {@link #bearer()}. */
    public static WebClient webClient(String baseUrl) {
        return WebClient.builder()
                .baseUrl(baseUrl)
                .defaultHeader(HttpHeaders.AUTHORIZATION, bearer())
                .build();
    }

    @Bean
    WebTestClientBuilderCustomizer bearerToken() {
        return builder -> builder.defaultHeader(HttpHeaders.AUTHORIZATION, bearer());
    }
}
