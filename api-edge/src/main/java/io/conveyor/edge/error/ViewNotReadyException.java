package io.conveyor.edge.error;

/** The resource exists in the event store but its read model has not caught up within the wait allowed. */
public class ViewNotReadyException extends RuntimeException {
    public ViewNotReadyException(String kind, Object id) {
        super(kind + " " + id + " exists but is not visible yet; retry shortly");
    }

    public ViewNotReadyException(String detail) {
        super(detail);
    }
}
