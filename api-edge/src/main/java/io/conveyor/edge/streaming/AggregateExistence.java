package io.conveyor.edge.streaming;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** Asks the event store, the source of truth, whether an id was ever written: read models may lag behind it. */
@Component
class AggregateExistence {
    private final EventStore events;

    AggregateExistence(EventStore events) {
        this.events = events;
    }

    boolean exists(String aggregateId) {
        return events.lastSequenceNumberFor(aggregateId).isPresent();
    }
}
