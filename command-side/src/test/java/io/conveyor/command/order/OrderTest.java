package io.conveyor.command.order;

import io.conveyor.command.stock.InMemoryProductCatalogue;
import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.contracts.order.CancelOrderCommand;
import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.MarkOrderDeliveredCommand;
import io.conveyor.contracts.order.MarkOrderPaidCommand;
import io.conveyor.contracts.order.MarkOrderReturnedCommand;
import io.conveyor.contracts.order.MarkOrderShippedCommand;
import io.conveyor.contracts.order.MarkOrderStockReservedCommand;
import io.conveyor.contracts.order.OrderCancelledEvent;
import io.conveyor.contracts.order.OrderDeliveredEvent;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderLineRequest;
import io.conveyor.contracts.order.OrderPaidEvent;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.order.OrderRejectedEvent;
import io.conveyor.contracts.order.OrderReturnedEvent;
import io.conveyor.contracts.order.OrderShippedEvent;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderStockReservedEvent;
import io.conveyor.contracts.order.PlaceOrderCommand;
import io.conveyor.contracts.order.RejectOrderCommand;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.stock.ProductId;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderTest {
    private static final OrderId ORDER = new OrderId("ord_1");
    private static final CustomerId CUSTOMER = new CustomerId("cus_1");
    private static final ProductId MUG = new ProductId("prd_mug");
    private static final ProductId TEA = new ProductId("prd_tea");
    private static final PaymentId PAYMENT = new PaymentId("pay_1");
    private static final ShipmentId SHIPMENT = new ShipmentId("shp_1");
    private static final OrderPlacedEvent PLACED = new OrderPlacedEvent(
            ORDER, CUSTOMER, List.of(new OrderLine(MUG, 2, 1250), new OrderLine(TEA, 1, 500)), 3000, "EUR", "tok_visa");
    private static final OrderStockReservedEvent RESERVED = new OrderStockReservedEvent(ORDER);
    private static final OrderPaidEvent PAID = new OrderPaidEvent(ORDER, PAYMENT, 3000, "EUR");
    private static final OrderShippedEvent SHIPPED = new OrderShippedEvent(ORDER, SHIPMENT);

    private AggregateTestFixture<Order> fixture;
    private InMemoryProductCatalogue catalogue;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        catalogue =
                new InMemoryProductCatalogue().with(MUG, "MUG-1", 1250, "EUR").with(TEA, "TEA-1", 500, "EUR");
        fixture.registerInjectableResource(catalogue);
    }

    private static PlaceOrderCommand place(List<OrderLineRequest> lines, String token) {
        return new PlaceOrderCommand(ORDER, CUSTOMER, lines, token);
    }

    @Nested
    class Place {
        @Test
        void prices_the_lines_from_the_catalogue() {
            fixture.givenNoPriorActivity()
                    .when(place(List.of(new OrderLineRequest(MUG, 2), new OrderLineRequest(TEA, 1)), "tok_visa"))
                    .expectEvents(PLACED);
        }

        @Test
        void rejects_an_order_without_lines() {
            fixture.givenNoPriorActivity()
                    .when(place(List.of(), "tok_visa"))
                    .expectException(RuleViolationException.class)
                    .expectNoEvents();
        }

        @Test
        void rejects_more_than_fifty_lines() {
            List<OrderLineRequest> lines = IntStream.range(0, 51)
                    .mapToObj(i -> new OrderLineRequest(new ProductId("prd_" + i), 1))
                    .toList();
            fixture.givenNoPriorActivity().when(place(lines, "tok_visa")).expectException(RuleViolationException.class);
        }

        @Test
        void rejects_an_unknown_product() {
            fixture.givenNoPriorActivity()
                    .when(place(List.of(new OrderLineRequest(new ProductId("prd_none"), 1)), "tok_visa"))
                    .expectException(RuleViolationException.class)
                    .expectExceptionMessage("product prd_none does not exist");
        }

        @Test
        void rejects_the_same_product_on_two_lines() {
            fixture.givenNoPriorActivity()
                    .when(place(Collections.nCopies(2, new OrderLineRequest(MUG, 1)), "tok_visa"))
                    .expectException(RuleViolationException.class);
        }

        @Test
        void rejects_products_priced_in_different_currencies() {
            ProductId usd = new ProductId("prd_usd");
            catalogue.with(usd, "USD-1", 100, "USD");
            fixture.givenNoPriorActivity()
                    .when(place(List.of(new OrderLineRequest(MUG, 1), new OrderLineRequest(usd, 1)), "tok_visa"))
                    .expectException(RuleViolationException.class);
        }

        @Test
        void never_stores_a_card_number() {
            fixture.givenNoPriorActivity()
                    .when(place(List.of(new OrderLineRequest(MUG, 1)), "4111 1111 1111 1111"))
                    .expectException(RuleViolationException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Advance {
        @Test
        void moves_through_the_happy_path() {
            fixture.given(PLACED).when(new MarkOrderStockReservedCommand(ORDER)).expectEvents(RESERVED);
            fixture.given(PLACED, RESERVED)
                    .when(new MarkOrderPaidCommand(ORDER, PAYMENT))
                    .expectEvents(PAID);
            fixture.given(PLACED, RESERVED, PAID)
                    .when(new MarkOrderShippedCommand(ORDER, SHIPMENT))
                    .expectEvents(SHIPPED);
            fixture.given(PLACED, RESERVED, PAID, SHIPPED)
                    .when(new MarkOrderDeliveredCommand(ORDER, SHIPMENT))
                    .expectEvents(new OrderDeliveredEvent(ORDER, SHIPMENT));
        }

        @Test
        void a_repeated_step_is_a_no_op() {
            fixture.given(PLACED, RESERVED, PAID)
                    .when(new MarkOrderStockReservedCommand(ORDER))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void a_step_after_cancellation_is_a_no_op() {
            fixture.given(PLACED, new OrderCancelledEvent(ORDER, "customer-request", OrderStatus.PLACED))
                    .when(new MarkOrderStockReservedCommand(ORDER))
                    .expectNoEvents();
        }
    }

    @Nested
    class Return {
        private static final OrderReturnedEvent RETURNED = new OrderReturnedEvent(ORDER, SHIPMENT, "delivery-failed");

        @Test
        void a_shipped_order_whose_parcel_came_back_is_returned() {
            fixture.given(PLACED, RESERVED, PAID, SHIPPED)
                    .when(new MarkOrderReturnedCommand(ORDER, SHIPMENT, "delivery-failed"))
                    .expectEvents(RETURNED);
        }

        @Test
        void a_repeated_return_or_one_before_shipping_is_a_no_op() {
            fixture.given(PLACED, RESERVED, PAID, SHIPPED, RETURNED)
                    .when(new MarkOrderReturnedCommand(ORDER, SHIPMENT, "delivery-failed"))
                    .expectNoEvents();
            fixture.given(PLACED, RESERVED, PAID)
                    .when(new MarkOrderReturnedCommand(ORDER, SHIPMENT, "delivery-failed"))
                    .expectNoEvents();
        }

        @Test
        void a_returned_order_cannot_be_cancelled_and_ignores_late_rejections() {
            fixture.given(PLACED, RESERVED, PAID, SHIPPED, RETURNED)
                    .when(new CancelOrderCommand(ORDER, "too late"))
                    .expectException(StateConflictException.class);
            fixture.given(PLACED, RESERVED, PAID, SHIPPED, RETURNED)
                    .when(new RejectOrderCommand(ORDER, "payment-timeout"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Reject {
        @Test
        void rejects_with_the_reason() {
            fixture.given(PLACED, RESERVED)
                    .when(new RejectOrderCommand(ORDER, "payment-declined"))
                    .expectEvents(new OrderRejectedEvent(ORDER, "payment-declined"));
        }

        @Test
        void a_late_rejection_of_an_ended_order_is_a_no_op() {
            fixture.given(PLACED, new OrderRejectedEvent(ORDER, "insufficient-stock"))
                    .when(new RejectOrderCommand(ORDER, "payment-timeout"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Cancel {
        @Test
        void cancels_a_paid_order_and_says_how_far_it_got() {
            fixture.given(PLACED, RESERVED, PAID)
                    .when(new CancelOrderCommand(ORDER, "changed my mind"))
                    .expectEvents(new OrderCancelledEvent(ORDER, "changed my mind", OrderStatus.PAID));
        }

        @Test
        void defaults_the_reason() {
            fixture.given(PLACED)
                    .when(new CancelOrderCommand(ORDER, " "))
                    .expectEvents(new OrderCancelledEvent(ORDER, "customer-request", OrderStatus.PLACED));
        }

        @Test
        void rejects_cancel_after_shipment() {
            fixture.given(PLACED, RESERVED, PAID, SHIPPED)
                    .when(new CancelOrderCommand(ORDER, "too late"))
                    .expectException(StateConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void rejects_cancel_of_a_rejected_order() {
            fixture.given(PLACED, new OrderRejectedEvent(ORDER, "insufficient-stock"))
                    .when(new CancelOrderCommand(ORDER, null))
                    .expectException(StateConflictException.class);
        }

        @Test
        void a_second_cancel_is_a_no_op() {
            fixture.given(PLACED, new OrderCancelledEvent(ORDER, "customer-request", OrderStatus.PLACED))
                    .when(new CancelOrderCommand(ORDER, null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }
}
