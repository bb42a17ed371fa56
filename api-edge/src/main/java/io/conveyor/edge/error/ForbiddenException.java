package io.conveyor.edge.error;

/** The caller's token is valid but does not allow what it asks for, for a reason the scope rules cannot state. */
public class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
