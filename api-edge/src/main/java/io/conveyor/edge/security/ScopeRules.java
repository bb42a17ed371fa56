package io.conveyor.edge.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.AntPathMatcher;

/**
 * Which scope each part of the API needs, first match wins. One table, read by the security filter chain to decide
 * and by the 403 answer to name the missing scope.
 */
public final class ScopeRules {
    /** Open to anyone: probes, the API description, the dashboard page. */
    static final String PUBLIC = "public";
    /** Any valid token, whatever its scopes. */
    static final String ANY_TOKEN = "any-token";
    /** No token: the request's Standard Webhooks signature is its credential, checked where it is handled. */
    static final String SIGNED = "signed";

    public record Rule(HttpMethod method, String pattern, String scope) {
        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(method, pattern);
        }
    }

    public static final List<Rule> RULES = List.of(
            new Rule(null, "/actuator/health", PUBLIC),
            new Rule(null, "/actuator/health/**", PUBLIC),
            new Rule(null, "/actuator/info", PUBLIC),
            new Rule(null, "/v3/api-docs", PUBLIC),
            new Rule(null, "/v3/api-docs/**", PUBLIC),
            new Rule(null, "/v3/api-docs.yaml", PUBLIC),
            new Rule(null, "/swagger-ui.html", PUBLIC),
            new Rule(null, "/swagger-ui/**", PUBLIC),
            new Rule(null, "/error", PUBLIC),
            // the dashboard page and its assets; the page asks for a token before it calls the API
            new Rule(HttpMethod.GET, "/", PUBLIC),
            new Rule(HttpMethod.GET, "/index.html", PUBLIC),
            new Rule(HttpMethod.GET, "/dashboard/**", PUBLIC),
            // answers only with the development key and to this machine (DashboardDevTokenController)
            new Rule(HttpMethod.POST, "/dashboard/dev-token", PUBLIC),
            // a carrier proves itself with the report's signature, not a token (io.conveyor.edge.carrier)
            new Rule(HttpMethod.POST, "/api/carriers/*/events", SIGNED),
            // a ticket carries only the scopes of its stream, checked against the token's when it is issued
            new Rule(HttpMethod.POST, "/api/stream-tickets", ANY_TOKEN),
            new Rule(null, "/actuator/**", Scopes.ADMIN),
            new Rule(null, "/api/admin/**", Scopes.ADMIN),
            new Rule(null, "/api/webhooks", Scopes.ADMIN),
            new Rule(null, "/api/webhooks/**", Scopes.ADMIN),
            new Rule(null, "/api/audit/**", Scopes.AUDIT_READ),
            new Rule(null, "/api/events", Scopes.AUDIT_READ),
            new Rule(null, "/api/events/**", Scopes.AUDIT_READ),
            new Rule(HttpMethod.GET, "/api/*/*/history", Scopes.AUDIT_READ),
            new Rule(HttpMethod.POST, "/api/products/**", Scopes.PRODUCTS_WRITE),
            new Rule(HttpMethod.POST, "/api/products", Scopes.PRODUCTS_WRITE),
            new Rule(HttpMethod.GET, "/api/products/**", ANY_TOKEN),
            new Rule(HttpMethod.GET, "/api/products", ANY_TOKEN),
            new Rule(HttpMethod.POST, "/api/orders", Scopes.ORDERS_WRITE),
            new Rule(HttpMethod.POST, "/api/orders/**", Scopes.ORDERS_WRITE),
            new Rule(HttpMethod.POST, "/api/shipments/**", Scopes.ORDERS_WRITE),
            new Rule(HttpMethod.GET, "/api/orders", Scopes.ORDERS_READ),
            new Rule(HttpMethod.GET, "/api/orders/**", Scopes.ORDERS_READ),
            new Rule(HttpMethod.GET, "/api/shipments/**", Scopes.ORDERS_READ));

    private ScopeRules() {}

    /**
     * The scopes a request needs, for a concrete path or a path template such as {@code /api/orders/{orderId}}: empty
     * for any valid token, nothing when no rule matches (the API description refuses such an endpoint).
     */
    public static Optional<List<String>> scopesFor(HttpMethod method, String path) {
        return ruleFor(method, path)
                .filter(rule -> !rule.scope().equals(PUBLIC) && !rule.scope().equals(SIGNED))
                .map(rule -> rule.scope().equals(ANY_TOKEN) ? List.<String>of() : List.of(rule.scope()));
    }

    /** Whether a request, or a path template, takes a signature instead of a token. */
    public static boolean isSigned(HttpMethod method, String path) {
        return ruleFor(method, path).filter(rule -> rule.scope().equals(SIGNED)).isPresent();
    }

    private static Optional<Rule> ruleFor(HttpMethod method, String path) {
        return RULES.stream()
                .filter(rule -> (rule.method() == null || rule.method().equals(method))
                        && TEMPLATES.match(rule.pattern(), path))
                .findFirst();
    }

    private static final AntPathMatcher TEMPLATES = new AntPathMatcher();

    /** The scope the request needs, if a rule names one. */
    static Optional<String> scopeFor(HttpServletRequest request) {
        return scopesFor(HttpMethod.valueOf(request.getMethod()), request.getRequestURI())
                .flatMap(scopes -> scopes.stream().findFirst());
    }
}
