package io.conveyor.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class ScopeRulesTest {

    @Test
    void writes_need_the_scope_of_their_domain() {
        assertThat(ScopeRules.scopesFor(HttpMethod.POST, "/api/products")).contains(List.of("products:write"));
        assertThat(ScopeRules.scopesFor(HttpMethod.POST, "/api/products/prd_1/restock"))
                .contains(List.of("products:write"));
        assertThat(ScopeRules.scopesFor(HttpMethod.POST, "/api/orders/ord_1/cancel"))
                .contains(List.of("orders:write"));
        assertThat(ScopeRules.scopesFor(HttpMethod.POST, "/api/shipments/shp_1/dispatch"))
                .contains(List.of("orders:write"));
    }

    @Test
    void reading_products_needs_only_a_valid_token_and_reading_orders_a_scope() {
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/products/stream")).contains(List.of());
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/orders/{orderId}"))
                .contains(List.of("orders:read"));
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/shipments/shp_1")).contains(List.of("orders:read"));
    }

    @Test
    void a_history_is_an_audit_read_under_any_collection() {
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/orders/ord_1/history"))
                .contains(List.of("audit:read"));
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/products/prd_1/history"))
                .contains(List.of("audit:read"));
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/events/stream")).contains(List.of("audit:read"));
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/audit/verify")).contains(List.of("audit:read"));
    }

    @Test
    void administration_needs_admin_whatever_the_method() {
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/admin/projections"))
                .contains(List.of("admin"));
        assertThat(ScopeRules.scopesFor(HttpMethod.POST, "/api/admin/projections/product-stock/replay"))
                .contains(List.of("admin"));
    }

    @Test
    void a_path_without_a_rule_has_no_stated_requirement() {
        assertThat(ScopeRules.scopesFor(HttpMethod.GET, "/api/invoices")).isEmpty();
        assertThat(ScopeRules.scopesFor(HttpMethod.DELETE, "/api/orders/ord_1")).isEmpty();
    }
}
