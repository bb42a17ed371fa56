package io.conveyor.edge.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the server-sent event streams open on this node ({@code conveyor.sse.max-streams}): one more is answered
 * {@code 429 too-many-streams} with {@code Retry-After}. Counts them in the gauge {@code conveyor.sse.open}.
 */
@Component
class SseStreamLimit extends OncePerRequestFilter {
    private final AtomicInteger open = new AtomicInteger();
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
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.TOO_MANY_REQUESTS,
                    ProblemTypes.TOO_MANY_STREAMS,
                    "Too many streams",
                    "this node serves at most " + settings.maxStreams() + " streams at once; retry later");
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
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

    int open() {
        return open.get();
    }
}
