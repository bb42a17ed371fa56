package io.conveyor.command.payment;

/**
 * The provider could not be asked: the call failed on the way (a timeout, a refused connection, a 5xx), or the
 * circuit breaker in front of the provider did not let it through. Not a decline: nothing is known about the payment,
 * and the same call may be made again later, which the payment id makes harmless.
 */
public class PaymentGatewayUnavailableException extends RuntimeException {
    /** The circuit breaker was open: the provider was not called at all. */
    public static final String CIRCUIT_OPEN = "circuit-open";
    /** The provider was called and the call failed. */
    public static final String CALL_FAILED = "call-failed";

    private final String reason;

    public PaymentGatewayUnavailableException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PaymentGatewayUnavailableException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** {@link #CIRCUIT_OPEN} or {@link #CALL_FAILED}. */
    public String reason() {
        return reason;
    }
}
