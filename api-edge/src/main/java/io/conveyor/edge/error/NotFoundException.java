package io.conveyor.edge.error;

/** The request names a resource that does not exist. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String kind, Object id) {
        super(kind + " " + id + " does not exist");
    }

    /** Something that is not there at all, as opposed to an unknown id. */
    public NotFoundException(String detail) {
        super(detail);
    }
}
