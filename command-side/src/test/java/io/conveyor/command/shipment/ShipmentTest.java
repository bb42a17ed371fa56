package io.conveyor.command.shipment;

import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.shipment.CancelShipmentCommand;
import io.conveyor.contracts.shipment.CreateShipmentCommand;
import io.conveyor.contracts.shipment.DeliverShipmentCommand;
import io.conveyor.contracts.shipment.DispatchShipmentCommand;
import io.conveyor.contracts.shipment.ShipmentCancelledEvent;
import io.conveyor.contracts.shipment.ShipmentCreatedEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveredEvent;
import io.conveyor.contracts.shipment.ShipmentDispatchedEvent;
import io.conveyor.contracts.shipment.ShipmentId;
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
}
