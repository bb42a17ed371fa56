package io.conveyor.edge.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import io.conveyor.edge.security.Caller;
import io.conveyor.edge.security.Tenants;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the server-sent event streams open on this node ({@code conveyor.sse.max-streams}) and those of one tenant on
 * this node ({@code conveyor.sse.max-streams-per-tenant}), so that one tenant cannot take every place: one more is
 * answered {@code 429 too-many-streams} with {@code Retry-After}. Counts them in the gauge {@code conveyor.sse.open};
 * the per-tenant counts stay internal, as a gauge per tenant would grow with the tenants.
 */
@Component
class SseStreamLimit extends OncePerRequestFilter {
    private final AtomicInteger open = new AtomicInteger();
    /** Only tenants with an open stream have an entry, so the map is bounded by the node's cap. */
    private final Map<String, Integer> openByTenant = new ConcurrentHashMap<>();

    private final SseSettings settings;
    private final ObjectMapper json;

    SseStreamLimit(SseSettings settings, ObjectMapper json, MeterRegistry meters) {
        this.settings = settings;
        this.json = json;
        Gauge.builder("conveyor.sse.open", open, AtomicInteger::get)
                .description("server-sent event streams open on this node")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"GET".equals(request.getMethod()) || !path.startsWith("/api/") || !path.endsWith("/stream");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            refuse(request, response, "this node serves at most " + settings.maxStreams() + " streams at once");
            return;
        }
        // the security filters ran before this one; without a caller the request is refused further on anyway
        String tenant = Tenants.caller().map(Caller::tenant).orElse(null);
        if (tenant != null && !acquire(tenant)) {
            open.decrementAndGet();
            refuse(
                    request,
                    response,
                    "tenant " + tenant + " has its limit of " + settings.maxStreamsPerTenant()
                            + " streams open on this node");
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                if (tenant != null) {
                    release(tenant);
                }
                open.decrementAndGet();
            }
        };
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        release.run();
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                        release.run();
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                        release.run();
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        // the same stream, dispatched again
                    }
                });
            } else {
                release.run();
            }
        }
    }

    private boolean acquire(String tenant) {
        boolean[] acquired = {false};
        openByTenant.compute(tenant, (key, count) -> {
            int before = count == null ? 0 : count;
            if (before >= settings.maxStreamsPerTenant()) {
                return count;
            }
            acquired[0] = true;
            return before + 1;
        });
        return acquired[0];
    }

    private void release(String tenant) {
        openByTenant.computeIfPresent(tenant, (key, count) -> count > 1 ? count - 1 : null);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, "5");
        FilterProblems.write(
                request,
                response,
                json,
                HttpStatus.TOO_MANY_REQUESTS,
                ProblemTypes.TOO_MANY_STREAMS,
                "Too many streams",
                why + "; retry later");
    }

    int open() {
        return open.get();
    }

    int openFor(String tenant) {
        return openByTenant.getOrDefault(tenant, 0);
    }
}
