package io.conveyor.command.stock;

import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.stock.CommitStockReservationCommand;
import io.conveyor.contracts.stock.CreateProductCommand;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.contracts.stock.ReleaseStockCommand;
import io.conveyor.contracts.stock.ReserveStockCommand;
import io.conveyor.contracts.stock.RestockProductCommand;
import io.conveyor.contracts.stock.ReturnStockCommand;
import io.conveyor.contracts.stock.StockReleasedEvent;
import io.conveyor.contracts.stock.StockReservationCommittedEvent;
import io.conveyor.contracts.stock.StockReservationRejectedEvent;
import io.conveyor.contracts.stock.StockReservedEvent;
import io.conveyor.contracts.stock.StockReturnedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProductTest {
    private static final ProductId MUG = new ProductId("prd_mug");
    private static final OrderId ORDER = new OrderId("ord_1");
    private static final OrderId OTHER_ORDER = new OrderId("ord_2");
    private static final ProductCreatedEvent CREATED = new ProductCreatedEvent(MUG, "MUG-1", "Mug", 1250, "EUR", 10);

    private AggregateTestFixture<Product> fixture;
    private InMemoryProductCatalogue catalogue;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
        catalogue = new InMemoryProductCatalogue();
        fixture.registerInjectableResource(catalogue);
    }

    @Nested
    class Create {
        @Test
        void creates_a_product_with_its_opening_stock() {
            fixture.givenNoPriorActivity()
                    .when(new CreateProductCommand(MUG, "MUG-1", "Mug", 1250, "EUR", 10))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(CREATED);
        }

        @Test
        void rejects_a_taken_sku() {
            catalogue.with(new ProductId("prd_other"), "MUG-1", 900, "EUR");
            fixture.givenNoPriorActivity()
                    .when(new CreateProductCommand(MUG, "MUG-1", "Mug", 1250, "EUR", 10))
                    .expectException(StateConflictException.class)
                    .expectNoEvents();
        }

        @Test
        void rejects_negative_stock_and_unknown_currency() {
            fixture.givenNoPriorActivity()
                    .when(new CreateProductCommand(MUG, "MUG-1", "Mug", 1250, "EUR", -1))
                    .expectException(RuleViolationException.class);
            fixture.givenNoPriorActivity()
                    .when(new CreateProductCommand(MUG, "MUG-1", "Mug", 1250, "XYZ", 1))
                    .expectException(RuleViolationException.class)
                    .expectExceptionMessage("currency must be an ISO 4217 code, got XYZ");
        }
    }

    @Nested
    class Restock {
        @Test
        void adds_to_available_stock() {
            fixture.given(CREATED)
                    .when(new RestockProductCommand(MUG, 5))
                    .expectEvents(new ProductRestockedEvent(MUG, 5, 15, 0));
        }

        @Test
        void rejects_a_restock_of_zero() {
            fixture.given(CREATED)
                    .when(new RestockProductCommand(MUG, 0))
                    .expectException(RuleViolationException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Reserve {
        @Test
        void holds_units_for_an_order() {
            fixture.given(CREATED)
                    .when(new ReserveStockCommand(MUG, ORDER, 4))
                    .expectEvents(new StockReservedEvent(MUG, ORDER, 4, 6, 4));
        }

        @Test
        void rejects_more_than_available_and_never_goes_negative() {
            fixture.given(CREATED, new StockReservedEvent(MUG, OTHER_ORDER, 8, 2, 8))
                    .when(new ReserveStockCommand(MUG, ORDER, 3))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new StockReservationRejectedEvent(MUG, ORDER, 3, 2));
        }

        @Test
        void a_duplicate_reservation_for_the_same_order_is_a_no_op() {
            fixture.given(CREATED, new StockReservedEvent(MUG, ORDER, 4, 6, 4))
                    .when(new ReserveStockCommand(MUG, ORDER, 4))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void rejects_a_reservation_of_nothing() {
            fixture.given(CREATED)
                    .when(new ReserveStockCommand(MUG, ORDER, 0))
                    .expectException(RuleViolationException.class);
        }
    }

    @Nested
    class Release {
        @Test
        void gives_the_reserved_units_back() {
            fixture.given(CREATED, new StockReservedEvent(MUG, ORDER, 4, 6, 4))
                    .when(new ReleaseStockCommand(MUG, ORDER, "payment-declined"))
                    .expectEvents(new StockReleasedEvent(MUG, ORDER, 4, 10, 0, "payment-declined"));
        }

        @Test
        void a_duplicate_release_is_a_no_op() {
            fixture.given(
                            CREATED,
                            new StockReservedEvent(MUG, ORDER, 4, 6, 4),
                            new StockReleasedEvent(MUG, ORDER, 4, 10, 0, "payment-declined"))
                    .when(new ReleaseStockCommand(MUG, ORDER, "payment-declined"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void releasing_what_was_never_reserved_is_a_no_op() {
            fixture.given(CREATED)
                    .when(new ReleaseStockCommand(MUG, ORDER, "order-cancelled"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Commit {
        @Test
        void consumes_the_reservation() {
            fixture.given(CREATED, new StockReservedEvent(MUG, ORDER, 4, 6, 4))
                    .when(new CommitStockReservationCommand(MUG, ORDER))
                    .expectEvents(new StockReservationCommittedEvent(MUG, ORDER, 4, 6, 0));
        }

        @Test
        void a_committed_reservation_can_no_longer_be_released() {
            fixture.given(
                            CREATED,
                            new StockReservedEvent(MUG, ORDER, 4, 6, 4),
                            new StockReservationCommittedEvent(MUG, ORDER, 4, 6, 0))
                    .when(new ReleaseStockCommand(MUG, ORDER, "order-cancelled"))
                    .expectNoEvents();
        }
    }

    @Nested
    class Return {
        private static final StockReservationCommittedEvent SHIPPED =
                new StockReservationCommittedEvent(MUG, ORDER, 4, 6, 0);

        @Test
        void brings_the_units_of_a_returned_order_back() {
            fixture.given(CREATED, new StockReservedEvent(MUG, ORDER, 4, 6, 4), SHIPPED)
                    .when(new ReturnStockCommand(MUG, ORDER, 4, "delivery-failed"))
                    .expectEvents(new StockReturnedEvent(MUG, ORDER, 4, 10, 0, "delivery-failed"));
        }

        @Test
        void counts_each_order_once() {
            fixture.given(
                            CREATED,
                            new StockReservedEvent(MUG, ORDER, 4, 6, 4),
                            SHIPPED,
                            new StockReturnedEvent(MUG, ORDER, 4, 10, 0, "delivery-failed"))
                    .when(new ReturnStockCommand(MUG, ORDER, 4, "delivery-failed"))
                    .expectNoEvents();
            fixture.given(CREATED, new StockReturnedEvent(MUG, ORDER, 4, 14, 0, "delivery-failed"))
                    .when(new ReturnStockCommand(MUG, OTHER_ORDER, 1, "delivery-failed"))
                    .expectEvents(new StockReturnedEvent(MUG, OTHER_ORDER, 1, 15, 0, "delivery-failed"));
        }

        @Test
        void rejects_a_return_of_nothing() {
            fixture.given(CREATED)
                    .when(new ReturnStockCommand(MUG, ORDER, 0, "delivery-failed"))
                    .expectException(RuleViolationException.class);
        }
    }
}
