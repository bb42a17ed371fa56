package io.conveyor.command.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.payment.PaymentAttemptFailedEvent;
import io.conveyor.contracts.payment.PaymentAuthorisedEvent;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.RequestPaymentCommand;
import io.conveyor.contracts.payment.RetryPaymentCommand;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.StockReservedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;

/**
 * A deadline scheduled by an attempt that was rolled back may still fire (the scheduler is not always part of the
 * saga's transaction), and so may one cancelled while it fired. The saga knows which payment it waits for, and whether
 * it still waits, and ignores any other deadline.
 */
class StalePaymentDeadlineTest {
    private final RecordingCommandBus bus = new RecordingCommandBus();
    private final CommandGateway commands =
            DefaultCommandGateway.builder().commandBus(bus).build();
    private final OrderId order = new OrderId("ord_1");
    private final ProductId mug = new ProductId("prd_mug");
    private final StubDeadlineManager deadlines = new StubDeadlineManager() {
        @Override
        public String schedule(Duration duration, String name, Object payload) {
            return name;
        }
    };

    @Test
    void a_deadline_for_another_payment_changes_nothing() {
        OrderFulfilmentSaga saga = waitingForPayment().saga();

        saga.on(new OrderFulfilmentSaga.PaymentDeadline(new PaymentId("pay_rolled_back")), commands, deadlines);

        assertThat(bus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void a_deadline_that_fires_after_the_payment_was_authorised_changes_nothing() {
        Waiting waiting = waitingForPayment();
        waiting.saga()
                .on(
                        new PaymentAuthorisedEvent(waiting.payment(), order, 100, "EUR", "sim_1"),
                        commands,
                        new StubDeadlineManager());
        bus.clearCommands();

        waiting.saga().on(new OrderFulfilmentSaga.PaymentDeadline(waiting.payment()), commands, deadlines);

        assertThat(bus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void a_retry_for_another_payment_changes_nothing() {
        Waiting waiting = waitingForPayment();
        failedOnce(waiting);

        waiting.saga().on(new OrderFulfilmentSaga.PaymentRetryDue(new PaymentId("pay_rolled_back")), commands);

        assertThat(bus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void a_retry_that_fires_after_the_payment_was_authorised_changes_nothing() {
        Waiting waiting = waitingForPayment();
        failedOnce(waiting);
        waiting.saga()
                .on(
                        new PaymentAuthorisedEvent(waiting.payment(), order, 100, "EUR", "sim_1"),
                        commands,
                        new StubDeadlineManager());
        bus.clearCommands();

        waiting.saga().on(new OrderFulfilmentSaga.PaymentRetryDue(waiting.payment()), commands);

        assertThat(bus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void a_retry_still_due_asks_the_provider_again() {
        Waiting waiting = waitingForPayment();
        failedOnce(waiting);

        waiting.saga().on(new OrderFulfilmentSaga.PaymentRetryDue(waiting.payment()), commands);

        assertThat(bus.getDispatchedCommands())
                .extracting(c -> (Object) c.getPayload())
                .containsExactly(new RetryPaymentCommand(waiting.payment()));
    }

    private void failedOnce(Waiting waiting) {
        waiting.saga()
                .on(
                        new PaymentAttemptFailedEvent(waiting.payment(), order, 1, "circuit-open"),
                        Instant.now(),
                        deadlines,
                        TestSettings.paymentTimeout(Duration.ofSeconds(30)));
    }

    private Waiting waitingForPayment() {
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        saga.on(
                new OrderPlacedEvent(
                        order, new CustomerId("cus_1"), List.of(new OrderLine(mug, 1, 100)), 100, "EUR", "tok_visa"),
                commands);
        saga.on(
                new StockReservedEvent(mug, order, 1, 0, 1),
                Instant.now(),
                commands,
                deadlines,
                TestSettings.paymentTimeout(Duration.ofSeconds(30)));
        PaymentId requested = bus.getDispatchedCommands().stream()
                .map(c -> c.getPayload())
                .filter(RequestPaymentCommand.class::isInstance)
                .map(c -> ((RequestPaymentCommand) c).paymentId())
                .findFirst()
                .orElseThrow();
        bus.clearCommands();
        return new Waiting(saga, requested);
    }

    private record Waiting(OrderFulfilmentSaga saga, PaymentId payment) {}
}
