package io.conveyor.edge.error;

/** A request parameter or header that bean validation cannot judge (an unknown name, an unreadable id) is wrong. */
public class InvalidParameterException extends RuntimeException {
    private final String field;

    public InvalidParameterException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
