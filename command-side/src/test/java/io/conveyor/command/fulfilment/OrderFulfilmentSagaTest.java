package io.conveyor.command.fulfilment;

import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.MarkOrderDeliveredCommand;
import io.conveyor.contracts.order.MarkOrderPaidCommand;
import io.conveyor.contracts.order.MarkOrderReturnedCommand;
import io.conveyor.contracts.order.MarkOrderShippedCommand;
import io.conveyor.contracts.order.MarkOrderStockReservedCommand;
import io.conveyor.contracts.order.OrderCancelledEvent;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.RejectOrderCommand;
import io.conveyor.contracts.payment.CancelPaymentCommand;
import io.conveyor.contracts.payment.PaymentAttemptFailedEvent;
import io.conveyor.contracts.payment.PaymentAuthorisedEvent;
import io.conveyor.contracts.payment.PaymentDeclinedEvent;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.RequestPaymentCommand;
import io.conveyor.contracts.payment.RetryPaymentCommand;
import io.conveyor.contracts.shipment.CancelShipmentCommand;
import io.conveyor.contracts.shipment.CreateShipmentCommand;
import io.conveyor.contracts.shipment.RetryDeliveryCommand;
import io.conveyor.contracts.shipment.ReturnShipmentCommand;
import io.conveyor.contracts.shipment.ShipmentDeliveredEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveryFailedEvent;
import io.conveyor.contracts.shipment.ShipmentDispatchedEvent;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentRedeliveryScheduledEvent;
import io.conveyor.contracts.shipment.ShipmentReturnedEvent;
import io.conveyor.contracts.stock.CommitStockReservationCommand;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ReleaseStockCommand;
import io.conveyor.contracts.stock.ReserveStockCommand;
import io.conveyor.contracts.stock.ReturnStockCommand;
import io.conveyor.contracts.stock.StockReservationRejectedEvent;
import io.conveyor.contracts.stock.StockReservedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.matchers.Matchers;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderFulfilmentSagaTest {
    private static final Duration PAYMENT_TIMEOUT = Duration.ofSeconds(30);
    private static final OrderId ORDER = new OrderId("ord_1");
    private static final ProductId MUG = new ProductId("prd_mug");
    private static final ProductId TEA = new ProductId("prd_tea");
    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(
            ORDER,
            new CustomerId("cus_1"),
            List.of(new OrderLine(MUG, 2, 1250), new OrderLine(TEA, 1, 500)),
            3000,
            "EUR",
            "tok_visa");
    private static final StockReservedEvent MUG_RESERVED = new StockReservedEvent(MUG, ORDER, 2, 8, 2);
    private static final StockReservedEvent TEA_RESERVED = new StockReservedEvent(TEA, ORDER, 1, 4, 1);

    private SagaTestFixture<OrderFulfilmentSaga> fixture;
    /** The payment the saga asked for: its id is made by the saga. */
    private final AtomicReference<PaymentId> requested = new AtomicReference<>();

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        fixture.registerResource(TestSettings.paymentTimeout(PAYMENT_TIMEOUT));
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof RequestPaymentCommand request) {
                requested.set(request.paymentId());
            }
            return null;
        });
    }

    @Nested
    class Placed {
        @Test
        void reserves_every_line() {
            fixture.givenNoPriorActivity()
                    .whenPublishingA(PLACED)
                    .expectActiveSagas(1)
                    .expectAssociationWith("orderId", ORDER.value())
                    .expectDispatchedCommands(
                            new ReserveStockCommand(MUG, ORDER, 2), new ReserveStockCommand(TEA, ORDER, 1));
        }
    }

    @Nested
    class StockReserved {
        @Test
        void waits_until_every_line_holds_its_stock() {
            fixture.givenAPublished(PLACED)
                    .whenPublishingA(MUG_RESERVED)
                    .expectNoDispatchedCommands()
                    .expectNoScheduledDeadlines();
        }

        @Test
        void then_marks_the_order_and_requests_payment_with_a_deadline() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .whenPublishingA(TEA_RESERVED)
                    .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(
                            command(Matchers.equalTo(new MarkOrderStockReservedCommand(ORDER))),
                            command(Matchers.matches(c -> c instanceof RequestPaymentCommand r
                                    && r.orderId().equals(ORDER)
                                    && r.amountMinor() == 3000
                                    && r.currency().equals("EUR")
                                    && r.paymentToken().equals("tok_visa"))),
                            Matchers.andNoMore()))
                    .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT, OrderFulfilmentSaga.PAYMENT_DEADLINE);
        }
    }

    @Nested
    class StockShortage {
        @Test
        void releases_the_lines_already_reserved_and_rejects_the_order() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .whenPublishingA(new StockReservationRejectedEvent(TEA, ORDER, 1, 0))
                    .expectDispatchedCommands(
                            new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.INSUFFICIENT_STOCK),
                            new RejectOrderCommand(ORDER, OrderFulfilmentSaga.INSUFFICIENT_STOCK))
                    .expectActiveSagas(0);
        }

        @Test
        void a_line_reserved_after_the_shortage_is_released_on_arrival() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(new StockReservationRejectedEvent(MUG, ORDER, 2, 0))
                    .whenPublishingA(TEA_RESERVED)
                    .expectDispatchedCommands(
                            new ReleaseStockCommand(TEA, ORDER, OrderFulfilmentSaga.INSUFFICIENT_STOCK))
                    .expectActiveSagas(0);
        }

        @Test
        void a_product_that_is_gone_rejects_the_order_instead_of_blocking_the_saga() {
            fixture.setCallbackBehavior((command, metaData) -> {
                if (command instanceof ReserveStockCommand r && r.productId().equals(TEA)) {
                    throw new AggregateNotFoundException(TEA.value(), "no such product");
                }
                return null;
            });
            fixture.givenNoPriorActivity()
                    .whenPublishingA(PLACED)
                    .expectDispatchedCommands(
                            new ReserveStockCommand(MUG, ORDER, 2),
                            new ReserveStockCommand(TEA, ORDER, 1),
                            new RejectOrderCommand(ORDER, OrderFulfilmentSaga.INSUFFICIENT_STOCK))
                    .expectActiveSagas(1); // until the mug's reservation comes back and is released
        }

        @Test
        void stays_until_every_pending_line_has_answered() {
            fixture.givenAPublished(PLACED)
                    .whenPublishingA(new StockReservationRejectedEvent(MUG, ORDER, 2, 0))
                    .expectDispatchedCommands(new RejectOrderCommand(ORDER, OrderFulfilmentSaga.INSUFFICIENT_STOCK))
                    .expectActiveSagas(1);
        }
    }

    @Nested
    class Payment {
        private final PaymentId payment = new PaymentId("pay_1");

        @Test
        void an_authorised_payment_marks_the_order_paid_and_creates_the_shipment() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .whenPublishingA(new PaymentAuthorisedEvent(payment, ORDER, 3000, "EUR", "sim_1"))
                    .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(
                            command(Matchers.matches(c -> c instanceof MarkOrderPaidCommand m
                                    && m.orderId().equals(ORDER)
                                    && m.paymentId() != null)),
                            command(Matchers.matches(c -> c instanceof CreateShipmentCommand s
                                    && s.orderId().equals(ORDER)
                                    && s.lines().equals(PLACED.lines()))),
                            Matchers.andNoMore()))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_declined_payment_releases_all_stock_and_rejects() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .whenPublishingA(new PaymentDeclinedEvent(payment, ORDER, "card-declined"))
                    .expectDispatchedCommands(
                            new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.PAYMENT_DECLINED),
                            new ReleaseStockCommand(TEA, ORDER, OrderFulfilmentSaga.PAYMENT_DECLINED),
                            new RejectOrderCommand(ORDER, OrderFulfilmentSaga.PAYMENT_DECLINED))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(0);
        }

        @Test
        void no_answer_before_the_deadline_voids_the_payment_releases_stock_and_rejects() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .whenTimeElapses(PAYMENT_TIMEOUT.plusSeconds(1))
                    .expectTriggeredDeadlinesWithName(OrderFulfilmentSaga.PAYMENT_DEADLINE)
                    .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(
                            command(Matchers.matches(c -> c instanceof CancelPaymentCommand p
                                    && p.reason().equals(OrderFulfilmentSaga.PAYMENT_TIMEOUT))),
                            command(Matchers.equalTo(
                                    new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT))),
                            command(Matchers.equalTo(
                                    new ReleaseStockCommand(TEA, ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT))),
                            command(Matchers.equalTo(
                                    new RejectOrderCommand(ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT))),
                            Matchers.andNoMore()))
                    .expectActiveSagas(0);
        }

        @Test
        void an_answer_in_time_means_the_deadline_never_fires() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(new PaymentAuthorisedEvent(payment, ORDER, 3000, "EUR", "sim_1"))
                    .whenTimeElapses(PAYMENT_TIMEOUT.plusSeconds(1))
                    .expectNoDispatchedCommands()
                    .expectTriggeredDeadlines();
        }
    }

    /** The provider could not be asked: the circuit breaker was open, or the call failed. */
    @Nested
    class ProviderUnreachable {
        private PaymentId payment;

        /** Every line reserved and the payment requested; {@link #payment} is the one requested. */
        private ContinuedGivenState waitingForPayment() throws Exception {
            ContinuedGivenState given = fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED);
            payment = requested.get();
            return given;
        }

        private Matcher<DeadlineMessage<?>> retryDeadline() {
            return Matchers.matches(d -> d.getDeadlineName().equals(OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE));
        }

        private PaymentAttemptFailedEvent failed(int attempt) {
            return new PaymentAttemptFailedEvent(payment, ORDER, attempt, "circuit-open");
        }

        @Test
        void does_not_reject_the_order_but_schedules_a_retry_after_the_first_delay() throws Exception {
            waitingForPayment()
                    .whenPublishingA(failed(1))
                    .expectNoDispatchedCommands()
                    .expectScheduledDeadline(Duration.ofSeconds(1), new OrderFulfilmentSaga.PaymentRetryDue(payment))
                    .expectScheduledDeadlineWithName(Duration.ofSeconds(1), OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE)
                    .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT, OrderFulfilmentSaga.PAYMENT_DEADLINE)
                    .expectActiveSagas(1);
        }

        @Test
        void asks_the_provider_again_when_the_retry_is_due() throws Exception {
            waitingForPayment()
                    .andThenAPublished(failed(1))
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectTriggeredDeadlinesWithName(OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE)
                    .expectDispatchedCommands(new RetryPaymentCommand(payment));
        }

        @Test
        void waits_twice_as_long_after_each_failed_attempt() throws Exception {
            waitingForPayment()
                    .andThenAPublished(failed(1))
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .andThenAPublished(failed(2))
                    .andThenTimeElapses(Duration.ofSeconds(2))
                    .whenPublishingA(failed(3))
                    .expectScheduledDeadline(Duration.ofSeconds(4), new OrderFulfilmentSaga.PaymentRetryDue(payment))
                    .expectNoDispatchedCommands();
        }

        @Test
        void a_failure_reported_twice_is_retried_once() throws Exception {
            waitingForPayment()
                    .andThenAPublished(failed(1))
                    .andThenAPublished(failed(1))
                    .whenTimeElapses(Duration.ofSeconds(1))
                    .expectTriggeredDeadlinesWithName(OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE)
                    .expectDispatchedCommands(new RetryPaymentCommand(payment));
        }

        @Test
        void a_retry_that_is_authorised_goes_on_to_shipping_and_leaves_no_deadline() throws Exception {
            waitingForPayment()
                    .andThenAPublished(failed(1))
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .whenPublishingA(new PaymentAuthorisedEvent(payment, ORDER, 3000, "EUR", "sim_1"))
                    .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(
                            command(Matchers.equalTo(new MarkOrderPaidCommand(ORDER, payment))),
                            command(Matchers.matches(c -> c instanceof CreateShipmentCommand s
                                    && s.orderId().equals(ORDER)
                                    && s.lines().equals(PLACED.lines()))),
                            Matchers.andNoMore()))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(1);
        }

        @Test
        void an_answer_while_a_retry_waits_calls_the_retry_off() throws Exception {
            waitingForPayment()
                    .andThenAPublished(failed(1))
                    .andThenAPublished(new PaymentAuthorisedEvent(payment, ORDER, 3000, "EUR", "sim_1"))
                    .whenTimeElapses(PAYMENT_TIMEOUT.plusSeconds(1))
                    .expectTriggeredDeadlines()
                    .expectNoDispatchedCommands();
        }

        @Test
        void the_payment_deadline_still_rejects_the_order_when_no_attempt_gets_through() throws Exception {
            waitingForPayment()
                    .andThenAPublished(failed(1))
                    .whenTimeElapses(PAYMENT_TIMEOUT.plusSeconds(1))
                    .expectTriggeredDeadlinesWithName(
                            OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE, OrderFulfilmentSaga.PAYMENT_DEADLINE)
                    .expectDispatchedCommands(
                            new RetryPaymentCommand(payment),
                            new CancelPaymentCommand(payment, OrderFulfilmentSaga.PAYMENT_TIMEOUT),
                            new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT),
                            new ReleaseStockCommand(TEA, ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT),
                            new RejectOrderCommand(ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT))
                    .expectActiveSagas(0);
        }

        @Test
        void retries_while_time_is_left_then_the_payment_deadline_rejects_the_order() throws Exception {
            waitingForPayment()
                    .andThenTimeElapses(PAYMENT_TIMEOUT.minusSeconds(5))
                    .andThenAPublished(failed(1))
                    .andThenTimeElapses(Duration.ofSeconds(1))
                    .andThenAPublished(failed(2))
                    .andThenTimeElapses(Duration.ofSeconds(2))
                    .andThenAPublished(failed(3)) // due in 4 s, 1 s after the payment deadline: not scheduled
                    .whenTimeElapses(Duration.ofSeconds(5))
                    // the fixture lists every deadline that fired, the givens' included: two retries, then the deadline
                    .expectTriggeredDeadlinesWithName(
                            OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE,
                            OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE,
                            OrderFulfilmentSaga.PAYMENT_DEADLINE)
                    .expectDispatchedCommands(
                            new CancelPaymentCommand(payment, OrderFulfilmentSaga.PAYMENT_TIMEOUT),
                            new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT),
                            new ReleaseStockCommand(TEA, ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT),
                            new RejectOrderCommand(ORDER, OrderFulfilmentSaga.PAYMENT_TIMEOUT))
                    .expectActiveSagas(0);
        }

        @Test
        void schedules_no_retry_that_would_come_after_the_payment_deadline() throws Exception {
            waitingForPayment()
                    .andThenTimeElapses(PAYMENT_TIMEOUT.minusMillis(500))
                    .whenPublishingA(failed(1))
                    .expectNoScheduledDeadlineMatching(retryDeadline())
                    .expectScheduledDeadlineWithName(Duration.ofMillis(500), OrderFulfilmentSaga.PAYMENT_DEADLINE)
                    .expectNoDispatchedCommands();
        }

        @Test
        void ignores_a_failure_of_a_payment_it_no_longer_waits_for() throws Exception {
            waitingForPayment()
                    .andThenAPublished(new PaymentAuthorisedEvent(payment, ORDER, 3000, "EUR", "sim_1"))
                    .whenPublishingA(failed(1))
                    .expectNoScheduledDeadlineMatching(retryDeadline())
                    .expectNoScheduledDeadlines()
                    .expectNoDispatchedCommands();
        }
    }

    @Nested
    class FreeOrder {
        @Test
        void an_order_that_costs_nothing_skips_the_payment() {
            OrderPlacedEvent free = new OrderPlacedEvent(
                    ORDER, new CustomerId("cus_1"), List.of(new OrderLine(MUG, 1, 0)), 0, "EUR", "tok_visa");
            fixture.givenAPublished(free)
                    .whenPublishingA(new StockReservedEvent(MUG, ORDER, 1, 9, 1))
                    .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(
                            command(Matchers.equalTo(new MarkOrderStockReservedCommand(ORDER))),
                            command(Matchers.equalTo(new MarkOrderPaidCommand(ORDER, null))),
                            command(Matchers.matches(c -> c instanceof CreateShipmentCommand)),
                            Matchers.andNoMore()))
                    .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class Shipping {
        private final ShipmentId shipment = new ShipmentId("shp_1");
        private final PaymentAuthorisedEvent authorised =
                new PaymentAuthorisedEvent(new PaymentId("pay_1"), ORDER, 3000, "EUR", "sim_1");

        @Test
        void dispatch_ships_the_order_and_commits_the_reservations() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(authorised)
                    .whenPublishingA(new ShipmentDispatchedEvent(shipment, ORDER, PLACED.lines()))
                    .expectDispatchedCommands(
                            new MarkOrderShippedCommand(ORDER, shipment),
                            new CommitStockReservationCommand(MUG, ORDER),
                            new CommitStockReservationCommand(TEA, ORDER));
        }

        @Test
        void delivery_completes_the_order_and_ends_the_saga() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(authorised)
                    .andThenAPublished(new ShipmentDispatchedEvent(shipment, ORDER, PLACED.lines()))
                    .whenPublishingA(new ShipmentDeliveredEvent(shipment, ORDER))
                    .expectDispatchedCommands(new MarkOrderDeliveredCommand(ORDER, shipment))
                    .expectActiveSagas(0);
        }
    }

    @Nested
    class FailedDelivery {
        private final ShipmentId shipment = new ShipmentId("shp_1");
        private final PaymentAuthorisedEvent authorised =
                new PaymentAuthorisedEvent(new PaymentId("pay_1"), ORDER, 3000, "EUR", "sim_1");
        private final ShipmentDispatchedEvent dispatched = new ShipmentDispatchedEvent(shipment, ORDER, PLACED.lines());

        @Test
        void a_first_failure_sends_the_parcel_out_again() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(authorised)
                    .andThenAPublished(dispatched)
                    .whenPublishingA(new ShipmentDeliveryFailedEvent(shipment, ORDER, 1, "nobody home"))
                    .expectDispatchedCommands(new RetryDeliveryCommand(shipment))
                    .expectActiveSagas(1);
        }

        @Test
        void the_last_allowed_failure_returns_the_parcel() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(authorised)
                    .andThenAPublished(dispatched)
                    .andThenAPublished(new ShipmentDeliveryFailedEvent(shipment, ORDER, 1, "nobody home"))
                    .andThenAPublished(new ShipmentRedeliveryScheduledEvent(shipment, ORDER, 2))
                    .whenPublishingA(new ShipmentDeliveryFailedEvent(
                            shipment, ORDER, TestSettings.DELIVERY_ATTEMPTS, "address unknown"))
                    .expectDispatchedCommands(new ReturnShipmentCommand(shipment, "delivery-failed"))
                    .expectActiveSagas(1);
        }

        @Test
        void a_returned_parcel_refunds_the_payment_returns_the_stock_and_ends_the_saga() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(authorised)
                    .andThenAPublished(dispatched)
                    .andThenAPublished(new ShipmentDeliveryFailedEvent(shipment, ORDER, 2, "address unknown"))
                    .whenPublishingA(new ShipmentReturnedEvent(shipment, ORDER, PLACED.lines(), "delivery-failed"))
                    .expectDispatchedCommands(
                            new CancelPaymentCommand(requested.get(), "delivery-failed"),
                            new ReturnStockCommand(MUG, ORDER, 2, "delivery-failed"),
                            new ReturnStockCommand(TEA, ORDER, 1, "delivery-failed"),
                            new MarkOrderReturnedCommand(ORDER, shipment, "delivery-failed"))
                    .expectActiveSagas(0);
        }

        @Test
        void a_delivery_after_a_failure_completes_the_order() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(authorised)
                    .andThenAPublished(dispatched)
                    .andThenAPublished(new ShipmentDeliveryFailedEvent(shipment, ORDER, 1, "nobody home"))
                    .andThenAPublished(new ShipmentRedeliveryScheduledEvent(shipment, ORDER, 2))
                    .whenPublishingA(new ShipmentDeliveredEvent(shipment, ORDER))
                    .expectDispatchedCommands(new MarkOrderDeliveredCommand(ORDER, shipment))
                    .expectActiveSagas(0);
        }
    }

    @Nested
    class Cancellation {
        private final OrderCancelledEvent cancelledWhilePaid =
                new OrderCancelledEvent(ORDER, "changed", OrderStatus.PAID);

        @Test
        void before_payment_releases_stock_and_voids_the_pending_payment() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .whenPublishingA(new OrderCancelledEvent(ORDER, "changed", OrderStatus.STOCK_RESERVED))
                    .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(
                            command(Matchers.matches(c -> c instanceof CancelPaymentCommand p
                                    && p.reason().equals(OrderFulfilmentSaga.ORDER_CANCELLED))),
                            command(Matchers.equalTo(
                                    new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.ORDER_CANCELLED))),
                            command(Matchers.equalTo(
                                    new ReleaseStockCommand(TEA, ORDER, OrderFulfilmentSaga.ORDER_CANCELLED))),
                            Matchers.andNoMore()))
                    .expectNoScheduledDeadlines()
                    .expectActiveSagas(0);
        }

        @Test
        void after_payment_refunds_cancels_the_shipment_and_releases_stock() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(MUG_RESERVED)
                    .andThenAPublished(TEA_RESERVED)
                    .andThenAPublished(new PaymentAuthorisedEvent(new PaymentId("pay_1"), ORDER, 3000, "EUR", "sim_1"))
                    .whenPublishingA(cancelledWhilePaid)
                    .expectDispatchedCommandsMatching(Matchers.exactSequenceOf(
                            command(Matchers.matches(c -> c instanceof CancelPaymentCommand)),
                            command(Matchers.matches(c -> c instanceof CancelShipmentCommand s
                                    && s.reason().equals(OrderFulfilmentSaga.ORDER_CANCELLED))),
                            command(Matchers.equalTo(
                                    new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.ORDER_CANCELLED))),
                            command(Matchers.equalTo(
                                    new ReleaseStockCommand(TEA, ORDER, OrderFulfilmentSaga.ORDER_CANCELLED))),
                            Matchers.andNoMore()))
                    .expectActiveSagas(0);
        }

        @Test
        void before_any_reservation_answered_waits_for_them_and_releases_each() {
            fixture.givenAPublished(PLACED)
                    .andThenAPublished(new OrderCancelledEvent(ORDER, "changed", OrderStatus.PLACED))
                    .whenPublishingA(MUG_RESERVED)
                    .expectDispatchedCommands(new ReleaseStockCommand(MUG, ORDER, OrderFulfilmentSaga.ORDER_CANCELLED))
                    .expectActiveSagas(1);
        }
    }

    private static Matcher<CommandMessage<?>> command(Matcher<?> payload) {
        @SuppressWarnings("unchecked")
        Matcher<CommandMessage<?>> matcher =
                (Matcher<CommandMessage<?>>) (Matcher<?>) Matchers.messageWithPayload(payload);
        return matcher;
    }
}
