package io.conveyor.command.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.contracts.payment.PaymentId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PaymentBreakerMetricsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CircuitBreaker breaker =
            CircuitBreaker.of("payment-provider", CircuitBreakingPaymentGatewayTest.SETTINGS.toConfig());
    private final CircuitBreakingPaymentGatewayTest.FlakyProvider provider =
            new CircuitBreakingPaymentGatewayTest.FlakyProvider();
    private final PaymentGateway gateway = new CircuitBreakingPaymentGateway(provider, breaker);

    @Test
    void the_state_gauge_shows_the_state_the_breaker_is_in() {
        PaymentBreakerMetrics.bind(breaker, meters);
        assertThat(states()).containsExactly(1.0, 0.0, 0.0);

        breaker.transitionToOpenState();
        assertThat(states()).containsExactly(0.0, 1.0, 0.0);

        breaker.transitionToHalfOpenState();
        assertThat(states()).containsExactly(0.0, 0.0, 1.0);
    }

    @Test
    void counts_calls_by_outcome_refusals_included() {
        PaymentBreakerMetrics.bind(breaker, meters);

        authorise();
        provider.down = true;
        assertThatThrownBy(this::authorise).isInstanceOf(PaymentGatewayUnavailableException.class);
        breaker.transitionToOpenState();
        assertThatThrownBy(this::authorise).isInstanceOf(PaymentGatewayUnavailableException.class);
        assertThatThrownBy(this::authorise).isInstanceOf(PaymentGatewayUnavailableException.class);

        assertThat(calls("success")).isEqualTo(1);
        assertThat(calls("failure")).isEqualTo(1);
        assertThat(calls("not-permitted")).isEqualTo(2);
    }

    private double[] states() {
        return new double[] {state("closed"), state("open"), state("half-open")};
    }

    private double state(String state) {
        return meters.get(PaymentBreakerMetrics.STATE)
                .tag("state", state)
                .gauge()
                .value();
    }

    private double calls(String outcome) {
        return meters.get(PaymentBreakerMetrics.CALLS)
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private void authorise() {
        gateway.authorise(new PaymentGateway.Authorisation(new PaymentId("pay_1"), 100, "EUR", "tok_visa"));
    }
}
