package io.conveyor.edge.openapi;

import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.util.AntPathMatcher;

/**
 * Which scopes of a bearer token each endpoint asks for, as the API contract states them: the first rule that matches
 * a method and path decides. An empty list asks for any valid token. A path no rule matches has no stated requirement,
 * and the contract refuses to describe it.
 */
public final class ScopeRules {
    public static final String PRODUCTS_WRITE = "products:write";
    public static final String ORDERS_WRITE = "orders:write";
    public static final String ORDERS_READ = "orders:read";
    public static final String AUDIT_READ = "audit:read";
    public static final String ADMIN = "admin";

    /** One line of the table; a null method matches every method. */
    public record Rule(HttpMethod method, String pattern, List<String> scopes) {
        boolean matches(HttpMethod requested, String path) {
            return (method == null || method.equals(requested)) && MATCHER.match(pattern, path);
        }
    }

    private static final AntPathMatcher MATCHER = new AntPathMatcher();

    /** Order matters: an aggregate's history is an audit read, whichever collection it sits under. */
    static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.GET, "/api/*/*/history", List.of(AUDIT_READ)),
            new Rule(null, "/api/events/**", List.of(AUDIT_READ)),
            new Rule(null, "/api/audit/**", List.of(AUDIT_READ)),
            new Rule(null, "/api/admin/**", List.of(ADMIN)),
            new Rule(HttpMethod.POST, "/api/products/**", List.of(PRODUCTS_WRITE)),
            new Rule(HttpMethod.POST, "/api/orders/**", List.of(ORDERS_WRITE)),
            new Rule(HttpMethod.POST, "/api/shipments/**", List.of(ORDERS_WRITE)),
            new Rule(HttpMethod.GET, "/api/orders/**", List.of(ORDERS_READ)),
            new Rule(HttpMethod.GET, "/api/shipments/**", List.of(ORDERS_READ)),
            new Rule(HttpMethod.GET, "/api/products/**", List.of()));

    private ScopeRules() {}

    /** The scopes a request needs, for a concrete path or a path template such as {@code /api/orders/{orderId}}. */
    public static Optional<List<String>> scopesFor(HttpMethod method, String path) {
        return RULES.stream()
                .filter(rule -> rule.matches(method, path))
                .findFirst()
                .map(Rule::scopes);
    }
}
