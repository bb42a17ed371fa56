package io.conveyor.edge.error;

/** The request names a resource that does not exist. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String kind, Object id) {
        super(kind + " " + id + " does not exist");
    }
}
