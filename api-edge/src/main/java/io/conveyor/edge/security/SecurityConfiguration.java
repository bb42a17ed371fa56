package io.conveyor.edge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * An OAuth2 resource server: every API call carries a JWT bearer token whose scopes decide what it may do ({@link
 * ScopeRules}) and whose tenant claim decides whose data it sees ({@link Tenants}). Failures are RFC 9457 problems:
 * 401 without a valid token, 403 without the scope.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    /** as long as the decoder's key source (Nimbus's, by default) keeps a JWK set before fetching it again */
    private static final Duration VERIFIED_TOKEN_HOLD = Duration.ofMinutes(5);

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecuritySettings settings, ObjectMapper json, StreamTickets tickets)
            throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized(json);
        AccessDeniedHandler forbidden = forbidden(json);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // Security headers are written before the handler runs. Written lazily, they are added on the way
                // out of the filter chain while an SSE stream's first event may be committing the same response on
                // another thread; a servlet response's headers are not thread-safe, and under load a stream failed
                // with 500 (spring-security#9175)
                .headers(headers -> headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> {
                    // the request was authorised when it came in; its async and error dispatches carry on with it
                    requests.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                            .permitAll();
                    for (ScopeRules.Rule rule : ScopeRules.RULES) {
                        var matched = requests.requestMatchers(rule.matcher());
                        switch (rule.scope()) {
                            case ScopeRules.PUBLIC, ScopeRules.SIGNED -> matched.permitAll();
                            case ScopeRules.ANY_TOKEN -> matched.authenticated();
                            default -> matched.hasAuthority(Scopes.authority(rule.scope()));
                        }
                    }
                    requests.anyRequest().authenticated();
                })
                // a browser's EventSource cannot send a token: its stream request carries a single-use ticket
                .addFilterBefore(new StreamTicketFilter(tickets, settings, json), BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(server -> server.jwt(
                                jwt -> jwt.jwtAuthenticationConverter(token -> Caller.of(token, settings)))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        return http.build();
    }

    /**
     * Keys from the identity provider's JWK set when one is configured; else the local development key, with a
     * warning, so the embedded default runs with nothing to set up.
     */
    @Bean
    JwtDecoder jwtDecoder(SecuritySettings settings, OAuth2ResourceServerProperties properties) {
        String jwkSetUri = properties.getJwt().getJwkSetUri();
        NimbusJwtDecoder decoder;
        String issuer = settings.issuer();
        if (jwkSetUri != null && !jwkSetUri.isBlank()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
        } else {
            log.warn(
                    "Verifying tokens with the local development key {}: anyone who can read it can mint tokens."
                            + " Set spring.security.oauth2.resourceserver.jwt.jwk-set-uri in production.",
                    settings.devKey().toAbsolutePath());
            decoder = NimbusJwtDecoder.withPublicKey(
                            DevKeys.at(settings.devKey()).publicKey())
                    .build();
            if (issuer == null) {
                issuer = DevKeys.ISSUER;
            }
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(issuer == null ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer));
        if (settings.audience() != null) {
            String audience = settings.audience();
            validators.add(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)));
        }
        validators.add(new TenantClaimValidator(settings.tenantClaim()));
        OAuth2TokenValidator<Jwt> claims = new DelegatingOAuth2TokenValidator<>(validators);
        decoder.setJwtValidator(claims);
        return new VerifiedTokens(decoder, claims, settings.verifiedTokens(), VERIFIED_TOKEN_HOLD, Clock.systemUTC());
    }

    private static AuthenticationEntryPoint unauthorized(ObjectMapper json) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception); // the WWW-Authenticate challenge
            String detail = request.getHeader("Authorization") == null
                    ? "a bearer token is required: Authorization: Bearer <token>"
                    : "the bearer token is not valid: " + exception.getMessage();
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.UNAUTHORIZED,
                    ProblemTypes.UNAUTHORIZED,
                    "Unauthorized",
                    detail);
        };
    }

    private static AccessDeniedHandler forbidden(ObjectMapper json) {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            bearer.handle(request, response, exception);
            String detail = ScopeRules.scopeFor(request)
                    .map(scope -> "this operation needs the scope '" + scope + "', which the token does not have")
                    .orElse("the token does not allow this operation");
            FilterProblems.write(
                    request, response, json, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail);
        };
    }
}
