package io.conveyor.command.payment;

import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.payment.CancelPaymentCommand;
import io.conveyor.contracts.payment.PaymentAttemptFailedEvent;
import io.conveyor.contracts.payment.PaymentAuthorisedEvent;
import io.conveyor.contracts.payment.PaymentDeclinedEvent;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.PaymentRefundRequestedEvent;
import io.conveyor.contracts.payment.PaymentRefundedEvent;
import io.conveyor.contracts.payment.PaymentRequestedEvent;
import io.conveyor.contracts.payment.PaymentRetryRequestedEvent;
import io.conveyor.contracts.payment.PaymentVoidedEvent;
import io.conveyor.contracts.payment.RecordPaymentAttemptFailedCommand;
import io.conveyor.contracts.payment.RecordPaymentAuthorisedCommand;
import io.conveyor.contracts.payment.RecordPaymentDeclinedCommand;
import io.conveyor.contracts.payment.RecordPaymentRefundedCommand;
import io.conveyor.contracts.payment.RequestPaymentCommand;
import io.conveyor.contracts.payment.RetryPaymentCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PaymentTest {
    private static final PaymentId PAYMENT = new PaymentId("pay_1");
    private static final OrderId ORDER = new OrderId("ord_1");
    private static final PaymentRequestedEvent REQUESTED =
            new PaymentRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "tok_visa");
    private static final PaymentAuthorisedEvent AUTHORISED =
            new PaymentAuthorisedEvent(PAYMENT, ORDER, 3000, "EUR", "sim_1");
    private static final PaymentRefundRequestedEvent REFUNDING =
            new PaymentRefundRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "order-cancelled");

    private AggregateTestFixture<Payment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Payment.class);
    }

    @Nested
    class Request {
        @Test
        void requests_an_authorisation() {
            fixture.givenNoPriorActivity()
                    .when(new RequestPaymentCommand(PAYMENT, ORDER, 3000, "EUR", "tok_visa"))
                    .expectEvents(REQUESTED);
        }

        @Test
        void rejects_a_zero_amount() {
            fixture.givenNoPriorActivity()
                    .when(new RequestPaymentCommand(PAYMENT, ORDER, 0, "EUR", "tok_visa"))
                    .expectException(RuleViolationException.class);
        }
    }

    @Nested
    class Answer {
        @Test
        void records_an_authorisation_once() {
            fixture.given(REQUESTED)
                    .when(new RecordPaymentAuthorisedCommand(PAYMENT, "sim_1"))
                    .expectEvents(AUTHORISED);
            fixture.given(REQUESTED, AUTHORISED)
                    .when(new RecordPaymentAuthorisedCommand(PAYMENT, "sim_1"))
                    .expectNoEvents();
        }

        @Test
        void records_a_decline() {
            fixture.given(REQUESTED)
                    .when(new RecordPaymentDeclinedCommand(PAYMENT, "card-declined"))
                    .expectEvents(new PaymentDeclinedEvent(PAYMENT, ORDER, "card-declined"));
        }

        @Test
        void ignores_an_answer_after_the_payment_was_voided() {
            fixture.given(REQUESTED, new PaymentVoidedEvent(PAYMENT, ORDER, "payment-timeout"))
                    .when(new RecordPaymentAuthorisedCommand(PAYMENT, "sim_late"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    /** Attempts that did not reach the provider, and the retries after them. */
    @Nested
    class Attempts {
        private final PaymentAttemptFailedEvent firstFailed =
                new PaymentAttemptFailedEvent(PAYMENT, ORDER, 1, "circuit-open");
        private final PaymentRetryRequestedEvent secondAttempt =
                new PaymentRetryRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "tok_visa", 2);

        @Test
        void records_a_failed_attempt_once() {
            fixture.given(REQUESTED)
                    .when(new RecordPaymentAttemptFailedCommand(PAYMENT, 1, "circuit-open"))
                    .expectEvents(firstFailed);
            fixture.given(REQUESTED, firstFailed)
                    .when(new RecordPaymentAttemptFailedCommand(PAYMENT, 1, "circuit-open"))
                    .expectNoEvents();
        }

        @Test
        void a_retry_asks_again_with_the_same_token_as_the_next_attempt() {
            fixture.given(REQUESTED, firstFailed)
                    .when(new RetryPaymentCommand(PAYMENT))
                    .expectEvents(secondAttempt);
        }

        @Test
        void a_retry_after_a_second_failure_is_the_third_attempt() {
            fixture.given(
                            REQUESTED,
                            firstFailed,
                            secondAttempt,
                            new PaymentAttemptFailedEvent(PAYMENT, ORDER, 2, "call-failed"))
                    .when(new RetryPaymentCommand(PAYMENT))
                    .expectEvents(new PaymentRetryRequestedEvent(PAYMENT, ORDER, 3000, "EUR", "tok_visa", 3));
        }

        @Test
        void ignores_the_failure_of_an_attempt_already_retried() {
            fixture.given(REQUESTED, firstFailed, secondAttempt)
                    .when(new RecordPaymentAttemptFailedCommand(PAYMENT, 1, "circuit-open"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void does_not_retry_while_an_attempt_is_on_its_way() {
            fixture.given(REQUESTED).when(new RetryPaymentCommand(PAYMENT)).expectNoEvents();
            fixture.given(REQUESTED, firstFailed, secondAttempt)
                    .when(new RetryPaymentCommand(PAYMENT))
                    .expectNoEvents();
        }

        @Test
        void does_not_retry_once_answered_or_voided() {
            fixture.given(REQUESTED, firstFailed, AUTHORISED)
                    .when(new RetryPaymentCommand(PAYMENT))
                    .expectNoEvents();
            fixture.given(REQUESTED, firstFailed, new PaymentVoidedEvent(PAYMENT, ORDER, "payment-timeout"))
                    .when(new RetryPaymentCommand(PAYMENT))
                    .expectNoEvents();
        }

        @Test
        void an_answer_after_a_failed_attempt_is_recorded_as_usual() {
            fixture.given(REQUESTED, firstFailed)
                    .when(new RecordPaymentAuthorisedCommand(PAYMENT, "sim_1"))
                    .expectEvents(AUTHORISED);
        }
    }

    @Nested
    class Cancel {
        @Test
        void voids_a_pending_payment() {
            fixture.given(REQUESTED)
                    .when(new CancelPaymentCommand(PAYMENT, "payment-timeout"))
                    .expectEvents(new PaymentVoidedEvent(PAYMENT, ORDER, "payment-timeout"));
        }

        @Test
        void refunds_an_authorised_payment() {
            fixture.given(REQUESTED, AUTHORISED)
                    .when(new CancelPaymentCommand(PAYMENT, "order-cancelled"))
                    .expectEvents(REFUNDING);
        }

        @Test
        void a_second_cancel_is_a_no_op() {
            fixture.given(REQUESTED, AUTHORISED, REFUNDING)
                    .when(new CancelPaymentCommand(PAYMENT, "order-cancelled"))
                    .expectNoEvents();
        }

        @Test
        void nothing_to_undo_after_a_decline() {
            fixture.given(REQUESTED, new PaymentDeclinedEvent(PAYMENT, ORDER, "card-declined"))
                    .when(new CancelPaymentCommand(PAYMENT, "order-cancelled"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Refunded {
        @Test
        void records_the_refund_once() {
            fixture.given(REQUESTED, AUTHORISED, REFUNDING)
                    .when(new RecordPaymentRefundedCommand(PAYMENT))
                    .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, 3000, "EUR"));
            fixture.given(REQUESTED, AUTHORISED, REFUNDING, new PaymentRefundedEvent(PAYMENT, ORDER, 3000, "EUR"))
                    .when(new RecordPaymentRefundedCommand(PAYMENT))
                    .expectNoEvents();
        }

        @Test
        void a_refund_confirmation_without_a_refund_is_ignored() {
            fixture.given(REQUESTED, AUTHORISED)
                    .when(new RecordPaymentRefundedCommand(PAYMENT))
                    .expectNoEvents();
        }
    }
}
