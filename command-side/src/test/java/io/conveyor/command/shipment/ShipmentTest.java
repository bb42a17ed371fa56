package io.conveyor.command.shipment;

import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.shipment.CancelShipmentCommand;
import io.conveyor.contracts.shipment.CreateShipmentCommand;
import io.conveyor.contracts.shipment.DeliverShipmentCommand;
import io.conveyor.contracts.shipment.DispatchShipmentCommand;
import io.conveyor.contracts.shipment.MarkShipmentInTransitCommand;
import io.conveyor.contracts.shipment.RecordDeliveryFailureCommand;
import io.conveyor.contracts.shipment.RetryDeliveryCommand;
import io.conveyor.contracts.shipment.ReturnShipmentCommand;
import io.conveyor.contracts.shipment.ShipmentCancelledEvent;
import io.conveyor.contracts.shipment.ShipmentCreatedEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveredEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveryFailedEvent;
import io.conveyor.contracts.shipment.ShipmentDispatchedEvent;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentInTransitEvent;
import io.conveyor.contracts.shipment.ShipmentRedeliveryScheduledEvent;
import io.conveyor.contracts.shipment.ShipmentReturnedEvent;
import io.conveyor.contracts.stock.ProductId;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShipmentTest {
    private static final ShipmentId SHIPMENT = new ShipmentId("shp_1");
    private static final OrderId ORDER = new OrderId("ord_1");
    private static final List<OrderLine> LINES = List.of(new OrderLine(new ProductId("prd_mug"), 2, 1250));
    private static final ShipmentCreatedEvent CREATED = new ShipmentCreatedEvent(SHIPMENT, ORDER, LINES);
    private static final ShipmentDispatchedEvent DISPATCHED = new ShipmentDispatchedEvent(SHIPMENT, ORDER, LINES);
    private static final ShipmentCancelledEvent CANCELLED =
            new ShipmentCancelledEvent(SHIPMENT, ORDER, "order-cancelled");

    private static final ShipmentInTransitEvent IN_TRANSIT = new ShipmentInTransitEvent(SHIPMENT, ORDER, "Utrecht hub");
    private static final ShipmentDeliveryFailedEvent FIRST_FAILURE =
            new ShipmentDeliveryFailedEvent(SHIPMENT, ORDER, 1, "nobody home");
    private static final ShipmentRedeliveryScheduledEvent OUT_AGAIN =
            new ShipmentRedeliveryScheduledEvent(SHIPMENT, ORDER, 2);
    private static final ShipmentReturnedEvent RETURNED =
            new ShipmentReturnedEvent(SHIPMENT, ORDER, LINES, "delivery-failed");

    private AggregateTestFixture<Shipment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Shipment.class);
    }

    @Nested
    class Create {
        @Test
        void creates_the_shipment_of_an_order() {
            fixture.givenNoPriorActivity()
                    .when(new CreateShipmentCommand(SHIPMENT, ORDER, LINES))
                    .expectEvents(CREATED);
        }
    }

    @Nested
    class Dispatch {
        @Test
        void dispatches_a_created_shipment() {
            fixture.given(CREATED).when(new DispatchShipmentCommand(SHIPMENT)).expectEvents(DISPATCHED);
        }

        @Test
        void a_second_dispatch_is_a_no_op() {
            fixture.given(CREATED, DISPATCHED)
                    .when(new DispatchShipmentCommand(SHIPMENT))
                    .expectNoEvents();
        }

        @Test
        void rejects_dispatch_of_a_cancelled_shipment() {
            fixture.given(CREATED, CANCELLED)
                    .when(new DispatchShipmentCommand(SHIPMENT))
                    .expectException(StateConflictException.class);
        }
    }

    @Nested
    class Deliver {
        @Test
        void delivers_a_dispatched_shipment() {
            fixture.given(CREATED, DISPATCHED)
                    .when(new DeliverShipmentCommand(SHIPMENT))
                    .expectEvents(new ShipmentDeliveredEvent(SHIPMENT, ORDER));
        }

        @Test
        void rejects_delivery_before_dispatch() {
            fixture.given(CREATED)
                    .when(new DeliverShipmentCommand(SHIPMENT))
                    .expectException(StateConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void a_second_delivery_is_a_no_op() {
            fixture.given(CREATED, DISPATCHED, new ShipmentDeliveredEvent(SHIPMENT, ORDER))
                    .when(new DeliverShipmentCommand(SHIPMENT))
                    .expectNoEvents();
        }
    }

    @Nested
    class Cancel {
        @Test
        void cancels_before_dispatch() {
            fixture.given(CREATED)
                    .when(new CancelShipmentCommand(SHIPMENT, "order-cancelled"))
                    .expectEvents(CANCELLED);
        }

        @Test
        void rejects_cancel_after_dispatch() {
            fixture.given(CREATED, DISPATCHED)
                    .when(new CancelShipmentCommand(SHIPMENT, "order-cancelled"))
                    .expectException(StateConflictException.class);
        }
    }

    @Nested
    class InTransit {
        @Test
        void a_dispatched_shipment_goes_in_transit_where_the_carrier_saw_it() {
            fixture.given(CREATED, DISPATCHED)
                    .when(new MarkShipmentInTransitCommand(SHIPMENT, "Utrecht hub"))
                    .expectEvents(IN_TRANSIT);
        }

        @Test
        void a_repeated_or_late_report_is_a_no_op() {
            fixture.given(CREATED, DISPATCHED, IN_TRANSIT)
                    .when(new MarkShipmentInTransitCommand(SHIPMENT, "Amersfoort"))
                    .expectNoEvents();
            fixture.given(CREATED, DISPATCHED, new ShipmentDeliveredEvent(SHIPMENT, ORDER))
                    .when(new MarkShipmentInTransitCommand(SHIPMENT, "Utrecht hub"))
                    .expectNoEvents();
        }

        @Test
        void rejects_a_shipment_that_never_left() {
            fixture.given(CREATED)
                    .when(new MarkShipmentInTransitCommand(SHIPMENT, "Utrecht hub"))
                    .expectException(StateConflictException.class)
                    .expectExceptionMessage("a shipment must be dispatched before it is moving");
            fixture.given(CREATED, CANCELLED)
                    .when(new MarkShipmentInTransitCommand(SHIPMENT, "Utrecht hub"))
                    .expectException(StateConflictException.class);
        }

        @Test
        void is_delivered_from_transit() {
            fixture.given(CREATED, DISPATCHED, IN_TRANSIT)
                    .when(new DeliverShipmentCommand(SHIPMENT))
                    .expectEvents(new ShipmentDeliveredEvent(SHIPMENT, ORDER));
        }
    }

    @Nested
    class DeliveryFailure {
        @Test
        void counts_the_failed_attempts() {
            fixture.given(CREATED, DISPATCHED, IN_TRANSIT)
                    .when(new RecordDeliveryFailureCommand(SHIPMENT, "nobody home"))
                    .expectEvents(FIRST_FAILURE);
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE, OUT_AGAIN)
                    .when(new RecordDeliveryFailureCommand(SHIPMENT, "address unknown"))
                    .expectEvents(new ShipmentDeliveryFailedEvent(SHIPMENT, ORDER, 2, "address unknown"));
        }

        @Test
        void a_failure_without_reason_is_unspecified() {
            fixture.given(CREATED, DISPATCHED)
                    .when(new RecordDeliveryFailureCommand(SHIPMENT, " "))
                    .expectEvents(new ShipmentDeliveryFailedEvent(SHIPMENT, ORDER, 1, "unspecified"));
        }

        @Test
        void a_repeated_report_is_a_no_op() {
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE)
                    .when(new RecordDeliveryFailureCommand(SHIPMENT, "nobody home"))
                    .expectNoEvents();
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE, RETURNED)
                    .when(new RecordDeliveryFailureCommand(SHIPMENT, "nobody home"))
                    .expectNoEvents();
        }

        @Test
        void rejects_a_failure_after_delivery_or_before_dispatch() {
            fixture.given(CREATED, DISPATCHED, new ShipmentDeliveredEvent(SHIPMENT, ORDER))
                    .when(new RecordDeliveryFailureCommand(SHIPMENT, "nobody home"))
                    .expectException(StateConflictException.class)
                    .expectExceptionMessage("the shipment was delivered: a failed delivery cannot follow");
            fixture.given(CREATED)
                    .when(new RecordDeliveryFailureCommand(SHIPMENT, "nobody home"))
                    .expectException(StateConflictException.class);
        }

        @Test
        void a_late_delivery_after_a_failure_still_counts() {
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE)
                    .when(new DeliverShipmentCommand(SHIPMENT))
                    .expectEvents(new ShipmentDeliveredEvent(SHIPMENT, ORDER));
        }
    }

    @Nested
    class Redelivery {
        @Test
        void sends_a_failed_shipment_out_again_as_the_next_attempt() {
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE)
                    .when(new RetryDeliveryCommand(SHIPMENT))
                    .expectEvents(OUT_AGAIN);
        }

        @Test
        void a_repeated_retry_is_a_no_op() {
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE, OUT_AGAIN)
                    .when(new RetryDeliveryCommand(SHIPMENT))
                    .expectNoEvents();
        }

        @Test
        void rejects_a_retry_without_a_failure_or_after_a_return() {
            fixture.given(CREATED)
                    .when(new RetryDeliveryCommand(SHIPMENT))
                    .expectException(StateConflictException.class);
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE, RETURNED)
                    .when(new RetryDeliveryCommand(SHIPMENT))
                    .expectException(StateConflictException.class);
        }
    }

    @Nested
    class Return {
        @Test
        void returns_a_failed_shipment_with_its_lines() {
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE)
                    .when(new ReturnShipmentCommand(SHIPMENT, "delivery-failed"))
                    .expectEvents(RETURNED);
        }

        @Test
        void a_repeated_return_is_a_no_op() {
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE, RETURNED)
                    .when(new ReturnShipmentCommand(SHIPMENT, "delivery-failed"))
                    .expectNoEvents();
        }

        @Test
        void rejects_returning_a_shipment_whose_delivery_did_not_fail() {
            fixture.given(CREATED, DISPATCHED, IN_TRANSIT)
                    .when(new ReturnShipmentCommand(SHIPMENT, "delivery-failed"))
                    .expectException(StateConflictException.class)
                    .expectExceptionMessage("only a shipment whose delivery failed can be returned");
        }

        @Test
        void a_returned_shipment_cannot_be_delivered() {
            fixture.given(CREATED, DISPATCHED, FIRST_FAILURE, RETURNED)
                    .when(new DeliverShipmentCommand(SHIPMENT))
                    .expectException(StateConflictException.class)
                    .expectExceptionMessage("a returned shipment cannot be delivered");
        }
    }
}
