package io.conveyor.command.payment;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker in front of the payment provider. It counts the outcomes of the last calls; when too many of
 * them failed, it opens and refuses every call at once for a while, then lets a few trial calls through and closes
 * again when they succeed.
 *
 * @param failureRateThreshold percentage of failed calls in the window at which the breaker opens
 * @param slidingWindowSize number of most recent calls the failure rate is taken over
 * @param minimumNumberOfCalls calls the window must hold before the failure rate counts at all
 * @param waitInOpenState how long an open breaker refuses calls before it lets trial calls through
 * @param permittedCallsInHalfOpenState trial calls that decide whether the breaker closes or opens again
 */
@ConfigurationProperties("conveyor.payment.breaker")
record PaymentBreakerSettings(
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("20") int slidingWindowSize,
        @DefaultValue("10") int minimumNumberOfCalls,
        @DefaultValue("10s") Duration waitInOpenState,
        @DefaultValue("3") int permittedCallsInHalfOpenState) {

    CircuitBreakerConfig toConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(failureRateThreshold)
                .slidingWindowSize(slidingWindowSize)
                .minimumNumberOfCalls(minimumNumberOfCalls)
                .waitDurationInOpenState(waitInOpenState)
                .permittedNumberOfCallsInHalfOpenState(permittedCallsInHalfOpenState)
                .build();
    }
}
