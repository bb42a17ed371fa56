package io.conveyor.command.payment;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The payment provider's circuit breaker as meters: {@code conveyor.payment.breaker.state} is 1 for the state the
 * breaker is in and 0 for the others (tag {@code state}: {@code closed}, {@code open}, {@code half-open}), and
 * {@code conveyor.payment.breaker.calls} counts calls by {@code outcome}: {@code success}, {@code failure}, and
 * {@code not-permitted} for calls refused while open.
 */
final class PaymentBreakerMetrics {
    static final String STATE = "conveyor.payment.breaker.state";
    static final String CALLS = "conveyor.payment.breaker.calls";

    /** The states this application's breaker moves through; the others are only reached by hand. */
    private static final List<CircuitBreaker.State> STATES =
            List.of(CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);

    private PaymentBreakerMetrics() {}

    static void bind(CircuitBreaker breaker, MeterRegistry meters) {
        for (CircuitBreaker.State state : STATES) {
            Gauge.builder(STATE, breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the state the payment provider's circuit breaker is in, 0 for the others")
                    .tag("state", name(state))
                    .strongReference(true)
                    .register(meters);
        }
        Counter succeeded = calls(meters, "success");
        Counter failed = calls(meters, "failure");
        Counter refused = calls(meters, "not-permitted");
        breaker.getEventPublisher()
                .onSuccess(e -> succeeded.increment())
                .onError(e -> failed.increment())
                .onCallNotPermitted(e -> refused.increment());
    }

    static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Counter calls(MeterRegistry meters, String outcome) {
        return Counter.builder(CALLS)
                .description("calls to the payment provider through its circuit breaker")
                .tag("outcome", outcome)
                .register(meters);
    }
}
