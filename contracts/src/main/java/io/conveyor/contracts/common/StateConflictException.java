package io.conveyor.contracts.common;

/** The command does not fit the current state of its target (e.g. cancel a shipped order). */
public class StateConflictException extends DomainRejectionException {
    public StateConflictException(String code, String message) {
        super(code, message);
    }
}
