package io.conveyor.edge.security;

import java.util.List;

/** The scopes a token may carry. */
public final class Scopes {
    public static final String PRODUCTS_WRITE = "products:write";
    public static final String ORDERS_WRITE = "orders:write";
    public static final String ORDERS_READ = "orders:read";
    public static final String AUDIT_READ = "audit:read";
    public static final String ADMIN = "admin";
    public static final List<String> ALL = List.of(PRODUCTS_WRITE, ORDERS_WRITE, ORDERS_READ, AUDIT_READ, ADMIN);

    private Scopes() {}

    static String authority(String scope) {
        return "SCOPE_" + scope;
    }
}
