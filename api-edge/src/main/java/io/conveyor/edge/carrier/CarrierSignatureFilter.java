package io.conveyor.edge.carrier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import io.conveyor.edge.signing.StandardWebhooks;
import io.conveyor.edge.signing.StandardWebhooks.InvalidSignatureException;
import io.conveyor.edge.web.CachedBodyRequest;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Lets a carrier's report through only when it is signed with one of that carrier's secrets (Standard Webhooks) and
 * recent. Reports carry no bearer token: the signature is the carrier's credential, so an unsigned, forged, altered
 * or stale report is answered {@code 401} before anything reads it. The body is read here once, bounded, and handed on
 * unchanged.
 */
@Component
class CarrierSignatureFilter extends OncePerRequestFilter {
    private static final Pattern REPORTS = Pattern.compile("^/api/carriers/([^/]+)/events$");
    /** The carrier whose signature this filter verified; the controller acts for no other. */
    static final String VERIFIED_CARRIER = "io.conveyor.edge.carrier.verifiedCarrier";
    /** Decoded as security and routing decode it: a percent-encoded path must not slip past the check. */
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final CarrierSettings settings;
    private final ObjectMapper json;

    CarrierSignatureFilter(CarrierSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !REPORTS.matcher(path(request)).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher path = REPORTS.matcher(path(request));
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
        Optional<byte[]> bounded = FilterProblems.boundedBody(
                request,
                response,
                json,
                settings.maxBody(),
                "a report may have at most " + settings.maxBody() + " bytes");
        if (bounded.isEmpty()) {
            return;
        }
        byte[] body = bounded.get();
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
        request.setAttribute(VERIFIED_CARRIER, carrier);
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    private static String path(HttpServletRequest request) {
        return PATHS.getPathWithinApplication(request);
    }
}
