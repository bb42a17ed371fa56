package io.conveyor.edge.correlation;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request gets an {@code X-Request-Id} (the client's, if it is sane) and a W3C {@code traceparent} (the
 * client's trace, with a span of ours, or a new trace). Both are echoed in the response, put in the logging context,
 * and kept as request attributes for {@link Correlation#fromRequest()}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationFilter extends OncePerRequestFilter {
    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = request.getHeader(REQUEST_ID_HEADER);
        if (requestId == null || !SANE_ID.matcher(requestId).matches()) {
            requestId = UUID.randomUUID().toString();
        }
        String traceparent = traceparent(request.getHeader(Correlation.TRACEPARENT));
        request.setAttribute(Correlation.attribute(Correlation.REQUEST_ID), requestId);
        request.setAttribute(Correlation.attribute(Correlation.TRACEPARENT), traceparent);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        response.setHeader(Correlation.TRACEPARENT, traceparent);
        MDC.put(Correlation.REQUEST_ID, requestId);
        MDC.put(Correlation.TRACEPARENT, traceparent);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(Correlation.REQUEST_ID);
            MDC.remove(Correlation.TRACEPARENT);
        }
    }

    /** The caller's trace id with a new span id of ours; a new trace when there is no valid caller's context. */
    private static String traceparent(String incoming) {
        String traceId;
        String flags = "01";
        var matcher = incoming == null ? null : TRACEPARENT.matcher(incoming.trim());
        if (matcher != null && matcher.matches() && !matcher.group(1).equals("0".repeat(32))) {
            traceId = matcher.group(1);
            flags = matcher.group(3);
        } else {
            traceId = random(16);
        }
        return "00-" + traceId + "-" + random(8) + "-" + flags;
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
