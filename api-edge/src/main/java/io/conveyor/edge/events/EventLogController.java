package io.conveyor.edge.events;

import io.conveyor.edge.error.InvalidParameterException;
import io.conveyor.edge.error.NotFoundException;
import io.conveyor.edge.security.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import reactor.core.publisher.Flux;

/**
 * The event log over HTTP: pages in global order, a live stream, an export, each aggregate's history, and the
 * catalogue of event types.
 */
@RestController
@Tag(name = "Event log")
class EventLogController {
    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    private final EventLog log;
    private final EventLogStreams streams;
    private final LogHorizon horizon;
    private final EventCatalogue catalogue;
    private final EventLogSettings settings;

    EventLogController(
            EventLog log,
            EventLogStreams streams,
            LogHorizon horizon,
            EventCatalogue catalogue,
            EventLogSettings settings) {
        this.log = log;
        this.streams = streams;
        this.horizon = horizon;
        this.catalogue = catalogue;
        this.settings = settings;
    }

    record EventPage(List<LoggedEvent> events, String next) {}

    record History(String aggregateType, String aggregateId, List<LoggedEvent> events) {}

    @GetMapping("/api/events")
    @Operation(operationId = "listEvents", summary = "A page of the event log, in global order")
    EventPage page(
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(required = false) @Min(1) @Max(10_000) Integer limit,
            @RequestParam(required = false) @Size(min = 1, max = 255) String type,
            @RequestParam(required = false) @Size(min = 1, max = 255) String aggregateId) {
        int size = Math.min(limit == null ? settings.pageSize() : limit, settings.maxPageSize());
        EventLog.Page page =
                log.read(new EventLog.Selection(Tenants.current(), after, size, javaTypeOf(type), aggregateId));
        String next = null;
        if (!page.reachedEnd()) {
            next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("after", page.readTo())
                    .build()
                    .toUriString();
        }
        return new EventPage(page.events(), next);
    }

    /**
     * Every event as it is stored, {@code id:} its position. Starts after {@code Last-Event-ID} when a client
     * reconnects, else after {@code after}, else at the beginning.
     */
    @GetMapping(path = "/api/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamEvents", summary = "The event log as it grows, resumable with Last-Event-ID (SSE)")
    Flux<ServerSentEvent<Object>> stream(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) @Min(0) Long after,
            @RequestParam(required = false) @Size(min = 1, max = 255) String type) {
        long start = after == null ? 0 : after;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                start = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("Last-Event-ID", "Last-Event-ID must be an event position");
            }
            if (start < 0) {
                throw new InvalidParameterException("Last-Event-ID", "Last-Event-ID must be an event position");
            }
        }
        return streams.follow(Tenants.current(), start, javaTypeOf(type));
    }

    /** Events {@code from} to {@code to} (positions, both included; {@code to} defaults to the settled end). */
    @GetMapping(path = "/api/events/export")
    @Operation(
            operationId = "exportEvents",
            summary = "Events from one position to another, one JSON object a line",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "OK; `Content-Disposition` names the file",
                            content =
                                    @Content(
                                            mediaType = "application/x-ndjson",
                                            schema = @Schema(type = "string", description = "one event a line"))))
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(defaultValue = "1") @Min(1) long from, @RequestParam(required = false) @Min(1) Long to) {
        long until = to == null ? horizon.settled() : to;
        if (until < from) {
            throw new InvalidParameterException("to", "to must not be below from");
        }
        String tenant = Tenants.current(); // the body is written on another thread
        return ResponseEntity.ok()
                .contentType(NDJSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"events-" + from + "-" + until + ".ndjson\"")
                .body(out -> streams.export(tenant, from, until, out));
    }

    @GetMapping("/api/events/types")
    @Operation(operationId = "listEventTypes", summary = "Every event type with its revision and fields")
    List<EventCatalogue.EventType> types() {
        return catalogue.all();
    }

    /**
     * An aggregate's events with their metadata, under the collection its events belong to
     * ({@code /api/orders/{id}/history}, {@code /api/products/{id}/history}, ...): the collection is the domain of
     * the aggregate's event types, so a new aggregate needs no change here.
     */
    @GetMapping("/api/{collection}/{id}/history")
    @Operation(operationId = "getHistory", summary = "An aggregate's events, under the collection its events belong to")
    History history(@PathVariable String collection, @PathVariable @Size(max = 255) String id) {
        List<LoggedEvent> events = log.history(Tenants.current(), id);
        if (events.isEmpty() || !events.get(0).type().startsWith(collection + ".")) {
            throw new NotFoundException(collection.replaceFirst("s$", ""), id);
        }
        return new History(events.get(0).aggregateType(), id, events);
    }

    private String javaTypeOf(String type) {
        if (type == null) {
            return null;
        }
        return catalogue
                .byType(type)
                .orElseThrow(() -> new InvalidParameterException(
                        "type", "unknown event type '" + type + "'; GET /api/events/types lists them"))
                .javaType();
    }
}
