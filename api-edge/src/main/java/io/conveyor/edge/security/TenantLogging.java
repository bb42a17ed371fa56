package io.conveyor.edge.security;

import io.conveyor.contracts.common.TenantMetadata;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Every log line written while handling an authenticated request names its tenant (MDC key {@code tenant}). */
@Component
@Order(1)
class TenantLogging extends OncePerRequestFilter {
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Tenants.caller();
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(TenantMetadata.KEY, caller.get().tenant());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(TenantMetadata.KEY);
        }
    }
}
