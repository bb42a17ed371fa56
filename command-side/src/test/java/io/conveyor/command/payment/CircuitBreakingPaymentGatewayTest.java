package io.conveyor.command.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.contracts.payment.PaymentId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The breaker's life cycle, on a clock the test moves: no call waits for real time. */
class CircuitBreakingPaymentGatewayTest {
    private static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(10);
    /** Opens when half of the last 4 calls failed; one trial call decides whether it closes again. */
    static final PaymentBreakerSettings SETTINGS = new PaymentBreakerSettings(50, 4, 4, WAIT_IN_OPEN_STATE, 1);

    private final MovableClock clock = new MovableClock();
    private final FlakyProvider provider = new FlakyProvider();
    private final CircuitBreaker breaker = CircuitBreaker.of(
            "payment-provider",
            CircuitBreakerConfig.from(SETTINGS.toConfig()).clock(clock).build());
    private final PaymentGateway gateway = new CircuitBreakingPaymentGateway(provider, breaker);

    @Test
    void passes_calls_through_while_the_provider_works() {
        authorise();
        gateway.refund(new PaymentGateway.Refund(new PaymentId("pay_r"), 100, "EUR"));
        gateway.voidAuthorisation(new PaymentId("pay_v"));

        assertThat(provider.calls).isEqualTo(3);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void reports_a_failed_call_as_such_and_opens_once_enough_calls_failed() {
        provider.down = true;

        for (int call = 1; call <= 3; call++) {
            assertThatThrownBy(this::authorise)
                    .isInstanceOfSatisfying(
                            PaymentGatewayUnavailableException.class,
                            e -> assertThat(e.reason()).isEqualTo(PaymentGatewayUnavailableException.CALL_FAILED));
            assertThat(breaker.getState())
                    .as("fewer calls than the window's minimum decide nothing")
                    .isEqualTo(CircuitBreaker.State.CLOSED);
        }
        assertThatThrownBy(this::authorise).isInstanceOf(PaymentGatewayUnavailableException.class);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(provider.calls).isEqualTo(4);
    }

    @Test
    void stays_closed_while_failures_stay_below_the_threshold() {
        authorise();
        authorise();
        authorise();
        provider.down = true;
        assertThatThrownBy(this::authorise).isInstanceOf(PaymentGatewayUnavailableException.class);

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void refuses_every_call_at_once_while_open_without_calling_the_provider() {
        open();
        provider.down = false;
        int before = provider.calls;

        assertThatThrownBy(this::authorise)
                .isInstanceOfSatisfying(
                        PaymentGatewayUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(PaymentGatewayUnavailableException.CIRCUIT_OPEN));
        assertThatThrownBy(() -> gateway.voidAuthorisation(new PaymentId("pay_v")))
                .isInstanceOf(PaymentGatewayUnavailableException.class);
        clock.advance(WAIT_IN_OPEN_STATE.minusMillis(1));
        assertThatThrownBy(() -> gateway.refund(new PaymentGateway.Refund(new PaymentId("pay_r"), 100, "EUR")))
                .isInstanceOf(PaymentGatewayUnavailableException.class);

        assertThat(provider.calls).isEqualTo(before);
    }

    @Test
    void lets_a_trial_call_through_after_the_wait_and_closes_when_it_succeeds() {
        open();
        provider.down = false;
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        authorise();

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        authorise();
        assertThat(provider.calls).isEqualTo(6);
    }

    @Test
    void opens_again_when_the_trial_call_fails() {
        open();
        clock.advance(WAIT_IN_OPEN_STATE.plusMillis(1));

        assertThatThrownBy(this::authorise)
                .isInstanceOfSatisfying(
                        PaymentGatewayUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(PaymentGatewayUnavailableException.CALL_FAILED));

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(this::authorise)
                .isInstanceOfSatisfying(
                        PaymentGatewayUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(PaymentGatewayUnavailableException.CIRCUIT_OPEN));
    }

    @Test
    void any_failure_of_the_adapter_counts_and_keeps_its_cause() {
        provider.failure = new IllegalStateException("connection reset");
        provider.down = true;

        assertThatThrownBy(this::authorise)
                .isInstanceOfSatisfying(
                        PaymentGatewayUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(PaymentGatewayUnavailableException.CALL_FAILED))
                .hasRootCauseMessage("connection reset");
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
    }

    private void open() {
        provider.down = true;
        for (int call = 0; call < 4; call++) {
            assertThatThrownBy(this::authorise).isInstanceOf(PaymentGatewayUnavailableException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private void authorise() {
        gateway.authorise(new PaymentGateway.Authorisation(new PaymentId("pay_1"), 100, "EUR", "tok_visa"));
    }

    /** A provider that answers every call, or fails every call while it is down. */
    static final class FlakyProvider implements PaymentGateway {
        boolean down;
        RuntimeException failure =
                new PaymentGatewayUnavailableException(PaymentGatewayUnavailableException.CALL_FAILED, "down");
        int calls;

        @Override
        public void authorise(Authorisation request) {
            call();
        }

        @Override
        public void voidAuthorisation(PaymentId paymentId) {
            call();
        }

        @Override
        public void refund(Refund request) {
            call();
        }

        private void call() {
            calls++;
            if (down) {
                throw failure;
            }
        }
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
