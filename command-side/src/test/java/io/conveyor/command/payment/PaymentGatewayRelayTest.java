package io.conveyor.command.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.PaymentRefundRequestedEvent;
import io.conveyor.contracts.payment.PaymentRequestedEvent;
import io.conveyor.contracts.payment.PaymentRetryRequestedEvent;
import io.conveyor.contracts.payment.PaymentVoidedEvent;
import io.conveyor.contracts.payment.RecordPaymentAttemptFailedCommand;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;

class PaymentGatewayRelayTest {
    private static final PaymentId PAYMENT = new PaymentId("pay_1");
    private static final OrderId ORDER = new OrderId("ord_1");

    private final RecordingCommandBus bus = new RecordingCommandBus();
    private final RecordingGateway gateway = new RecordingGateway();
    private final PaymentGatewayRelay relay = new PaymentGatewayRelay(
            gateway,
            new PaymentCorrelations(),
            DefaultCommandGateway.builder().commandBus(bus).build());

    @Test
    void asks_the_provider_and_records_nothing_when_the_call_gets_through() {
        relay.on(new PaymentRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "tok_visa"));

        assertThat(gateway.authorisations)
                .containsExactly(new PaymentGateway.Authorisation(PAYMENT, 3000, "EUR", "tok_visa"));
        assertThat(bus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void an_authorisation_that_does_not_reach_the_provider_is_recorded_as_a_failed_attempt() {
        gateway.unavailable = PaymentGatewayUnavailableException.CIRCUIT_OPEN;

        relay.on(new PaymentRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "tok_visa"));

        assertThat(bus.getDispatchedCommands())
                .extracting(c -> (Object) c.getPayload())
                .containsExactly(new RecordPaymentAttemptFailedCommand(PAYMENT, 1, "circuit-open"));
    }

    @Test
    void a_retry_asks_again_with_the_same_id_and_token_and_names_its_attempt_when_it_fails() {
        gateway.unavailable = PaymentGatewayUnavailableException.CALL_FAILED;

        relay.on(new PaymentRetryRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "tok_visa", 3));

        assertThat(gateway.authorisations)
                .containsExactly(new PaymentGateway.Authorisation(PAYMENT, 3000, "EUR", "tok_visa"));
        assertThat(bus.getDispatchedCommands())
                .extracting(c -> (Object) c.getPayload())
                .containsExactly(new RecordPaymentAttemptFailedCommand(PAYMENT, 3, "call-failed"));
    }

    @Test
    void a_void_or_refund_that_does_not_reach_the_provider_fails_the_event_so_that_it_is_retried() {
        gateway.unavailable = PaymentGatewayUnavailableException.CIRCUIT_OPEN;

        assertThatThrownBy(() -> relay.on(new PaymentVoidedEvent(PAYMENT, ORDER, "payment-timeout")))
                .isInstanceOf(PaymentGatewayUnavailableException.class);
        assertThatThrownBy(() -> relay.on(new PaymentRefundRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "cancelled")))
                .isInstanceOf(PaymentGatewayUnavailableException.class);
        assertThat(bus.getDispatchedCommands()).isEmpty();
    }

    private static final class RecordingGateway implements PaymentGateway {
        final List<Authorisation> authorisations = new ArrayList<>();
        String unavailable;

        @Override
        public void authorise(Authorisation request) {
            authorisations.add(request);
            failIfUnavailable();
        }

        @Override
        public void voidAuthorisation(PaymentId paymentId) {
            failIfUnavailable();
        }

        @Override
        public void refund(Refund request) {
            failIfUnavailable();
        }

        private void failIfUnavailable() {
            if (unavailable != null) {
                throw new PaymentGatewayUnavailableException(unavailable, "unavailable");
            }
        }
    }
}
