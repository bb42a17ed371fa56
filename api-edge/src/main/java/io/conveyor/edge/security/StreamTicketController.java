package io.conveyor.edge.security;

import io.conveyor.edge.error.ForbiddenException;
import io.conveyor.edge.error.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Issues stream tickets ({@link StreamTickets}) to callers that hold a bearer token. */
@RestController
@Tag(name = "Stream tickets")
class StreamTicketController {
    private final StreamTickets tickets;

    StreamTicketController(StreamTickets tickets) {
        this.tickets = tickets;
    }

    @PostMapping("/api/stream-tickets")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createStreamTicket",
            summary = "A single-use ticket that opens one stream without a bearer token, for browsers' EventSource",
            responses =
                    @ApiResponse(
                            responseCode = "201",
                            description = "Created; present the ticket once, as `?ticket=`, before it expires"))
    StreamTicket create(@Valid @RequestBody StreamTicketRequest request) {
        Caller caller = Tenants.caller().orElseThrow();
        if (!StreamTickets.isStreamPath(request.path())) {
            throw new InvalidParameterException(
                    "path", "path must name a stream of the API, such as /api/events/stream");
        }
        List<String> missing = StreamTickets.scopesFor(request.path()).stream()
                .filter(scope -> caller.getAuthorities().stream()
                        .noneMatch(a -> a.getAuthority().equals(Scopes.authority(scope))))
                .toList();
        if (!missing.isEmpty()) {
            throw new ForbiddenException("a ticket for " + request.path() + " needs the scope '" + missing.get(0)
                    + "', which the token does not have");
        }
        StreamTickets.Issued issued = tickets.issue(caller.tenant(), caller.client(), request.path());
        return new StreamTicket(issued.ticket(), issued.path(), issued.expiresAt());
    }

    record StreamTicketRequest(
            @Schema(
                    description = "The stream the ticket opens: its path, without query",
                    example = "/api/events/stream")
            @NotBlank
            @Size(max = 255)
            String path) {}

    record StreamTicket(
            @Schema(description = "Present once as the `ticket` query parameter of a GET of `path`")
            String ticket,

            String path,
            Instant expiresAt) {}
}
