package io.conveyor.edge.events;

import io.conveyor.edge.error.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The event log over HTTP: pages in global order, each aggregate's history, and the catalogue of event types. */
@RestController
class EventLogController {
    private final EventLog log;
    private final EventCatalogue catalogue;
    private final EventLogSettings settings;

    EventLogController(EventLog log, EventCatalogue catalogue, EventLogSettings settings) {
        this.log = log;
        this.catalogue = catalogue;
        this.settings = settings;
    }

    record EventPage(List<LoggedEvent> events, String next) {}

    record History(String aggregateType, String aggregateId, List<LoggedEvent> events) {}

    @GetMapping("/api/events")
    EventPage page(
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(required = false) @Min(1) @Max(10_000) Integer limit,
            @RequestParam(required = false) @Size(min = 1, max = 255) String type,
            @RequestParam(required = false) @Size(min = 1, max = 255) String aggregateId) {
        int size = Math.min(limit == null ? settings.pageSize() : limit, settings.maxPageSize());
        String javaType = type == null
                ? null
                : catalogue
                        .byType(type)
                        .orElseThrow(() -> new UnknownEventTypeException(type))
                        .javaType();
        EventLog.Page page = log.read(new EventLog.Selection(after, size, javaType, aggregateId));
        String next = null;
        if (!page.reachedEnd()) {
            next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam(
                            "after", page.events().get(page.events().size() - 1).position())
                    .build()
                    .toUriString();
        }
        return new EventPage(page.events(), next);
    }

    @GetMapping("/api/events/types")
    List<EventCatalogue.EventType> types() {
        return catalogue.all();
    }

    /**
     * An aggregate's events with their metadata, under the collection its events belong to
     * ({@code /api/orders/{id}/history}, {@code /api/products/{id}/history}, ...): the collection is the domain of
     * the aggregate's event types, so a new aggregate needs no change here.
     */
    @GetMapping("/api/{collection}/{id}/history")
    History history(@PathVariable String collection, @PathVariable @Size(max = 255) String id) {
        List<LoggedEvent> events = log.history(id);
        if (events.isEmpty() || !events.get(0).type().startsWith(collection + ".")) {
            throw new NotFoundException(collection.replaceFirst("s$", ""), id);
        }
        return new History(events.get(0).aggregateType(), id, events);
    }
}
