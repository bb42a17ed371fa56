package io.conveyor.contracts.common;

/**
 * A command the domain refused. The {@code code} is stable and machine-readable: clients branch on it,
 * the edge puts it into the problem response.
 */
public abstract class DomainRejectionException extends RuntimeException {
    private final String code;

    protected DomainRejectionException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
