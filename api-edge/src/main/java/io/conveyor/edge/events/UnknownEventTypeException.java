package io.conveyor.edge.events;

/** A request filters by an event type the catalogue does not know. */
public class UnknownEventTypeException extends RuntimeException {
    private final String type;

    public UnknownEventTypeException(String type) {
        super("unknown event type '" + type + "'; GET /api/events/types lists them");
        this.type = type;
    }

    public String type() {
        return type;
    }
}
