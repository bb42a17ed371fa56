package io.conveyor.edge.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.error.FilterProblems;
import io.conveyor.edge.error.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Authenticates a server-sent event request by its {@code ticket} query parameter when it has no bearer token: the
 * ticket is used up, and the request acts for the ticket's tenant and client with the ticket's scopes. The rest of the
 * security chain then decides as for a token. A ticket is taken only on a GET that accepts {@code text/event-stream}.
 */
final class StreamTicketFilter extends OncePerRequestFilter {
    static final String PARAMETER = "ticket";

    private final StreamTickets tickets;
    private final SecuritySettings settings;
    private final ObjectMapper json;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    StreamTicketFilter(StreamTickets tickets, SecuritySettings settings, ObjectMapper json) {
        this.tickets = tickets;
        this.settings = settings;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // a bearer token, when sent, is the credential; the ticket is left unused
        return !request.getRequestURI().startsWith("/api/")
                || ticketOf(request) == null
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"GET".equals(request.getMethod()) || !acceptsEventStream(request)) {
            refuse(request, response, "a stream ticket opens a GET of text/event-stream only; send a bearer token");
            return;
        }
        Optional<StreamTickets.Holder> holder = tickets.redeem(ticketOf(request), request.getRequestURI());
        if (holder.isEmpty()) {
            refuse(
                    request,
                    response,
                    "the stream ticket is unknown, used, expired or for another stream; ask POST /api/stream-tickets"
                            + " for a new one");
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(caller(holder.get()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    /**
     * The ticket in the query string. Not {@code getParameter}: on a form-encoded POST that would read the body, which
     * other filters (signatures, idempotency) need untouched.
     */
    private static String ticketOf(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null || !query.contains(PARAMETER + "=")) {
            return null;
        }
        return UriComponentsBuilder.newInstance()
                .query(query)
                .build()
                .getQueryParams()
                .getFirst(PARAMETER);
    }

    /** The ticket's holder as the same kind of caller a bearer token gives, from a stand-in token of its claims. */
    private Caller caller(StreamTickets.Holder holder) {
        Jwt.Builder standIn = Jwt.withTokenValue("stream-ticket")
                .header("typ", "stream-ticket")
                .subject(holder.client())
                .claim(settings.tenantClaim(), holder.tenant())
                .claim("scope", String.join(" ", holder.scopes()))
                .expiresAt(holder.expiresAt());
        settings.clientClaims().stream().findFirst().ifPresent(claim -> standIn.claim(claim, holder.client()));
        return Caller.of(standIn.build(), settings);
    }

    private static boolean acceptsEventStream(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM) && !type.isWildcardType());
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        FilterProblems.write(
                request, response, json, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail);
    }
}
