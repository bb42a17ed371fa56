package io.conveyor.command.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.payment.PaymentId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedPaymentGatewayTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final RecordingListener listener = new RecordingListener();
    private final SimulatedPaymentGateway gateway =
            new SimulatedPaymentGateway(executor, Duration.ofMillis(20), listener);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void authorises_an_ordinary_token_on_its_own_thread() {
        PaymentId payment = new PaymentId("pay_ok");
        gateway.authorise(new PaymentGateway.Authorisation(payment, 100, "EUR", "tok_visa"));

        await().until(() -> !listener.answers.isEmpty());
        assertThat(listener.answers).singleElement().asString().startsWith("authorised pay_ok sim_");
        assertThat(listener.threads).containsOnly("pool-thread");
    }

    @Test
    void declines_a_decline_token() {
        gateway.authorise(new PaymentGateway.Authorisation(new PaymentId("pay_no"), 100, "EUR", "tok_decline_x"));

        await().until(() -> !listener.answers.isEmpty());
        assertThat(listener.answers).containsExactly("declined pay_no card-declined");
    }

    @Test
    void never_answers_a_timeout_token() {
        gateway.authorise(new PaymentGateway.Authorisation(new PaymentId("pay_t"), 100, "EUR", "tok_timeout"));
        gateway.refund(new PaymentGateway.Refund(new PaymentId("pay_marker"), 100, "EUR"));

        // answers come in the order they are due: once the later refund is in, the timeout token had its chance
        await().until(() -> listener.answers.contains("refunded pay_marker"));
        assertThat(listener.answers).containsExactly("refunded pay_marker");
    }

    @Test
    void is_unavailable_for_the_first_calls_of_an_unavailable_token_then_authorises() {
        PaymentGateway.Authorisation request =
                new PaymentGateway.Authorisation(new PaymentId("pay_down"), 100, "EUR", "tok_unavailable");

        for (int call = 1; call <= SimulatedPaymentGateway.UNAVAILABLE_CALLS; call++) {
            assertThatThrownBy(() -> gateway.authorise(request))
                    .isInstanceOfSatisfying(
                            PaymentGatewayUnavailableException.class,
                            e -> assertThat(e.reason()).isEqualTo(PaymentGatewayUnavailableException.CALL_FAILED));
        }
        gateway.authorise(request);

        await().until(() -> !listener.answers.isEmpty());
        assertThat(listener.answers).singleElement().asString().startsWith("authorised pay_down sim_");
    }

    @Test
    void an_unavailable_token_affects_its_own_payment_only() {
        assertThatThrownBy(() -> gateway.authorise(
                        new PaymentGateway.Authorisation(new PaymentId("pay_down"), 100, "EUR", "tok_unavailable")))
                .isInstanceOf(PaymentGatewayUnavailableException.class);

        gateway.authorise(new PaymentGateway.Authorisation(new PaymentId("pay_ok"), 100, "EUR", "tok_visa"));

        await().until(() -> !listener.answers.isEmpty());
        assertThat(listener.answers).singleElement().asString().startsWith("authorised pay_ok");
    }

    @Test
    void answers_a_repeated_request_once() {
        PaymentId payment = new PaymentId("pay_twice");
        gateway.authorise(new PaymentGateway.Authorisation(payment, 100, "EUR", "tok_visa"));
        gateway.authorise(new PaymentGateway.Authorisation(payment, 100, "EUR", "tok_visa"));
        gateway.refund(new PaymentGateway.Refund(new PaymentId("pay_marker"), 100, "EUR"));

        await().until(() -> listener.answers.contains("refunded pay_marker"));
        assertThat(listener.answers).filteredOn(a -> a.startsWith("authorised")).hasSize(1);
    }

    @Test
    void a_voided_authorisation_is_not_answered() {
        PaymentId payment = new PaymentId("pay_void");
        gateway.authorise(new PaymentGateway.Authorisation(payment, 100, "EUR", "tok_visa"));
        gateway.voidAuthorisation(payment);
        gateway.refund(new PaymentGateway.Refund(new PaymentId("pay_marker"), 100, "EUR"));

        await().until(() -> listener.answers.contains("refunded pay_marker"));
        assertThat(listener.answers).containsExactly("refunded pay_marker");
        assertThat(gateway.pendingAnswers()).isZero();
    }

    private static final class RecordingListener implements PaymentGatewayListener {
        final List<String> answers = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void authorised(PaymentId paymentId, String providerReference) {
            record("authorised " + paymentId + " " + providerReference);
        }

        @Override
        public void declined(PaymentId paymentId, String reason) {
            record("declined " + paymentId + " " + reason);
        }

        @Override
        public void refunded(PaymentId paymentId) {
            record("refunded " + paymentId);
        }

        private void record(String answer) {
            threads.add(Thread.currentThread().getName().startsWith("pool-") ? "pool-thread" : "caller");
            answers.add(answer);
        }
    }
}
