package io.conveyor.contracts.common;

/** The command is well-formed but breaks a business rule whatever the state (e.g. restock with 0). */
public class RuleViolationException extends DomainRejectionException {
    public RuleViolationException(String code, String message) {
        super(code, message);
    }
}
