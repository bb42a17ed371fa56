package io.conveyor.edge.carrier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import io.conveyor.edge.signing.StandardWebhooks;
import io.conveyor.edge.signing.StandardWebhooks.InvalidSignatureException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a carrier's report through only when it is signed with one of that carrier's secrets (Standard Webhooks) and
 * recent. Reports carry no bearer token: the signature is the carrier's credential, so an unsigned, forged, altered
 * or stale report is answered {@code 401} before anything reads it. The body is read here once, bounded, and handed on
 * unchanged.
 */
@Component
class CarrierSignatureFilter extends OncePerRequestFilter {
    private static final Pattern REPORTS = Pattern.compile("^/api/carriers/([^/]+)/events$");

    private final CarrierSettings settings;
    private final ObjectMapper json;

    CarrierSignatureFilter(CarrierSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !REPORTS.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = REPORTS.matcher(request.getRequestURI());
        path.matches();
        String carrier = path.group(1);
        List<String> secrets = settings.secretsOf(carrier);
        if (secrets.isEmpty()) {
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND,
                    "Not found",
                    "carrier " + carrier + " does not exist");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(settings.maxBody() + 1);
        if (body.length > settings.maxBody()) {
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    ProblemTypes.VALIDATION_FAILED,
                    HttpStatus.PAYLOAD_TOO_LARGE.getReasonPhrase(),
                    "a report may have at most " + settings.maxBody() + " bytes");
            return;
        }
        try {
            StandardWebhooks.verify(
                    secrets,
                    request.getHeader(StandardWebhooks.ID),
                    request.getHeader(StandardWebhooks.TIMESTAMP),
                    request.getHeader(StandardWebhooks.SIGNATURE),
                    body,
                    Instant.now(),
                    settings.tolerance());
        } catch (InvalidSignatureException e) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "StandardWebhooks realm=\"carrier " + carrier + "\"");
            FilterProblems.write(
                    request,
                    response,
                    json,
                    HttpStatus.UNAUTHORIZED,
                    ProblemTypes.INVALID_SIGNATURE,
                    "Invalid signature",
                    e.getMessage());
            return;
        }
        chain.doFilter(new BufferedBody(request, body), response);
    }

    /** The request with its body read already, for the controller to read again. */
    private static final class BufferedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
