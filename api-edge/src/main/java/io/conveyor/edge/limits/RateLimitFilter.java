package io.conveyor.edge.limits;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import io.conveyor.edge.security.Caller;
import io.conveyor.edge.security.Tenants;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits per tenant and per client (token buckets, Bucket4j): every authenticated {@code /api} request takes a
 * token from its client's bucket and from its tenant's. Each answer says where the caller stands, in the IETF
 * httpapi draft's {@code RateLimit-Policy} and {@code RateLimit} headers (the tighter of the two buckets); an empty
 * bucket is {@code 429 rate-limited} with {@code Retry-After}. Runs after authentication and before the idempotency
 * filter, so a refused request holds no idempotency key.
 */
@Component
@Order(0)
class RateLimitFilter extends OncePerRequestFilter {
    private final RateLimitSettings settings;
    private final ObjectMapper json;
    private final Map<String, Bucket> buckets;
    private final Counter clientLimited;
    private final Counter tenantLimited;

    RateLimitFilter(RateLimitSettings settings, ObjectMapper json, MeterRegistry meters) {
        this.settings = settings;
        this.json = json;
        this.buckets = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > settings.maxBuckets();
            }
        });
        this.clientLimited = limited(meters, "client");
        this.tenantLimited = limited(meters, "tenant");
    }

    private static Counter limited(MeterRegistry meters, String limit) {
        return Counter.builder("conveyor.http.rate-limited")
                .description("API requests refused with 429 because a rate limit was reached")
                .tag("limit", limit)
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !settings.enabled() || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Tenants.caller();
        if (caller.isEmpty()) {
            chain.doFilter(request, response); // refused by security already, or open to all
            return;
        }
        String tenant = caller.get().tenant();
        Limit client = new Limit(
                "client",
                "client:" + tenant + ":" + caller.get().client(),
                settings.clientCapacity(),
                settings.clientRefill(),
                settings.refillPeriod());
        Limit tenantLimit = new Limit(
                "tenant",
                "tenant:" + tenant,
                settings.tenantCapacity(),
                settings.tenantRefill(),
                settings.refillPeriod());
        ConsumptionProbe byClient = bucket(client).tryConsumeAndReturnRemaining(1);
        if (!byClient.isConsumed()) {
            clientLimited.increment(); // before the answer: once it is written, the client may read the count
            refuse(request, response, client, byClient);
            return;
        }
        ConsumptionProbe byTenant = bucket(tenantLimit).tryConsumeAndReturnRemaining(1);
        if (!byTenant.isConsumed()) {
            bucket(client).addTokens(1); // the request did not run: the client keeps its token
            tenantLimited.increment();
            refuse(request, response, tenantLimit, byTenant);
            return;
        }
        boolean clientTighter = byClient.getRemainingTokens() <= byTenant.getRemainingTokens();
        describe(response, clientTighter ? client : tenantLimit, clientTighter ? byClient : byTenant);
        chain.doFilter(request, response);
    }

    private record Limit(String name, String key, int capacity, int refill, Duration period) {
        /** The {@code RateLimit-Policy} value: the capacity, and the seconds an empty bucket takes to fill. */
        String policy() {
            return "\"" + name + "\";q=" + capacity + ";w=" + windowSeconds();
        }

        /** The draft's window: the time an empty bucket takes to fill. */
        long windowSeconds() {
            return secondsFor(capacity);
        }

        /** The time {@code tokens} tokens take to come back, in whole seconds (at least 1). */
        long secondsFor(long tokens) {
            double seconds = tokens * (period.toNanos() / 1e9) / refill;
            return Math.max(1, (long) Math.ceil(seconds));
        }
    }

    private Bucket bucket(Limit limit) {
        return buckets.computeIfAbsent(
                limit.key(),
                key -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit.capacity())
                                .refillGreedy(limit.refill(), limit.period())
                                .build())
                        .build());
    }

    private static void describe(HttpServletResponse response, Limit limit, ConsumptionProbe probe) {
        response.setHeader("RateLimit-Policy", limit.policy());
        long used = limit.capacity() - probe.getRemainingTokens();
        long resetSeconds = used == 0 ? 0 : limit.secondsFor(used);
        response.setHeader(
                "RateLimit", "\"" + limit.name() + "\";r=" + probe.getRemainingTokens() + ";t=" + resetSeconds);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, Limit limit, ConsumptionProbe probe)
            throws IOException {
        long retryAfter = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        response.setHeader("RateLimit-Policy", limit.policy());
        response.setHeader("RateLimit", "\"" + limit.name() + "\";r=0;t=" + retryAfter);
        FilterProblems.write(
                request,
                response,
                json,
                HttpStatus.TOO_MANY_REQUESTS,
                ProblemTypes.RATE_LIMITED,
                "Too many requests",
                "the " + limit.name() + " rate limit (" + limit.capacity() + " requests, " + limit.refill()
                        + " more every " + limit.period().toMillis() + " ms) is reached; retry after " + retryAfter
                        + " s");
    }
}
