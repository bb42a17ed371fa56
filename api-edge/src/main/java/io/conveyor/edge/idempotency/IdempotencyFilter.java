package io.conveyor.edge.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import io.conveyor.edge.housekeeping.NowAndThen;
import io.conveyor.edge.security.Tenants;
import io.conveyor.edge.web.CachedBodyRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.springframework.web.util.WebUtils;

/**
 * {@code Idempotency-Key} on every command ({@code POST /api/...}), after the IETF httpapi draft: the first request
 * with a key runs and its response is stored; a retry with the same key and the same request gets that response again
 * with {@code Idempotent-Replayed: true} and no second effect; the same key with another request is a 422; a retry
 * while the first is still running is a 409. A response of 5xx is not kept, so a retry runs again.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {
    static final String KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private static final List<String> KEPT_HEADERS =
            List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION, "Conveyor-Position");
    private static final int MAX_BODY = 1 << 20;
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";

    private final IdempotencyStore store;
    private final ObjectMapper json;
    /** The expired keys go at most every ten minutes on each node. */
    private final NowAndThen purge = NowAndThen.every(Duration.ofMinutes(10));

    private final Counter replays;

    IdempotencyFilter(IdempotencyStore store, ObjectMapper json, MeterRegistry meters) {
        this.store = store;
        this.json = json;
        this.replays = Counter.builder("conveyor.idempotency.replays")
                .description("requests answered with the stored response of an earlier request with the same key")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !request.getRequestURI().startsWith("/api/")
                || request.getHeader(KEY) == null
                // keys are per tenant; the open endpoints (carrier reports) have no tenant and dedupe on their own
                || Tenants.caller().isEmpty();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false; // commands answer asynchronously: the response is complete only after the async dispatch
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isAsyncDispatch(request)) {
            try {
                chain.doFilter(request, response);
            } finally {
                finishIfDone(request, response);
            }
            return;
        }
        String key = request.getHeader(KEY).trim();
        if (key.isEmpty() || key.length() > 255) {
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.BAD_REQUEST,
                    ProblemTypes.VALIDATION_FAILED,
                    HttpStatus.BAD_REQUEST.getReasonPhrase(),
                    KEY + " must be 1 to 255 characters");
            return;
        }
        Optional<byte[]> bounded =
                FilterProblems.boundedBody(request, response, json, MAX_BODY, "the body is too large");
        if (bounded.isEmpty()) {
            return;
        }
        byte[] body = bounded.get();
        purge.maybe(store::purgeExpired);
        String tenant = Tenants.current(); // keys are per tenant: two tenants may use the same one
        IdempotencyStore.Claim claim = store.claim(tenant, key, fingerprint(request, body));
        if (claim instanceof IdempotencyStore.Replay replay) {
            replay(response, replay.response());
            return;
        }
        if (claim instanceof IdempotencyStore.Mismatch) {
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                    HttpStatus.UNPROCESSABLE_ENTITY.getReasonPhrase(),
                    "this " + KEY + " was used with a different request");
            return;
        }
        if (claim instanceof IdempotencyStore.InProgress) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.CONFLICT,
                    ProblemTypes.IDEMPOTENCY_KEY_IN_PROGRESS,
                    HttpStatus.CONFLICT.getReasonPhrase(),
                    "a request with this " + KEY + " is still running; retry shortly");
            return;
        }
        request.setAttribute(CLAIM, new Claimed(tenant, key));
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean failed = true;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), recorded);
            failed = false;
        } finally {
            if (failed) {
                store.release(tenant, key);
                recorded.copyBodyToResponse();
            } else {
                finishIfDone(request, recorded);
            }
        }
    }

    /** Once the response is complete (not mid-way through async processing), keep it and send it. */
    private void finishIfDone(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isAsyncStarted(request)) {
            return;
        }
        ContentCachingResponseWrapper recorded =
                WebUtils.getNativeResponse(response, ContentCachingResponseWrapper.class);
        Claimed claimed = (Claimed) request.getAttribute(CLAIM);
        if (recorded == null || claimed == null) {
            return;
        }
        request.removeAttribute(CLAIM);
        int status = recorded.getStatus();
        if (status >= 500) {
            store.release(claimed.tenant(), claimed.key());
        } else {
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : KEPT_HEADERS) {
                String value =
                        name.equals(HttpHeaders.CONTENT_TYPE) ? recorded.getContentType() : recorded.getHeader(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            store.complete(
                    claimed.tenant(),
                    claimed.key(),
                    new IdempotencyStore.StoredResponse(
                            status, json.writeValueAsString(headers), recorded.getContentAsByteArray()));
        }
        recorded.copyBodyToResponse();
    }

    /** The key this request holds, kept on the request for the end of an asynchronous response. */
    private record Claimed(String tenant, String key) {}

    private void replay(HttpServletResponse response, IdempotencyStore.StoredResponse stored) throws IOException {
        response.setStatus(stored.status());
        Map<String, String> headers = json.readValue(stored.headers(), new TypeReference<>() {});
        headers.forEach(response::setHeader);
        response.setHeader(REPLAYED, "true");
        byte[] body = stored.body() == null ? new byte[0] : stored.body();
        // counted before the body goes out: with its length declared, the server completes the response as the
        // last byte is written, and the client may look at the count before this method returns
        replays.increment();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String target = request.getMethod() + " " + request.getRequestURI()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
            sha.update(target.getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
