package io.conveyor.command.order;

import org.axonframework.test.aggregate.AggregateTestFixture;

/** A fixture of the (package-private) order, for tests of platform behaviour shared by every aggregate. */
public final class OrderTestAccess {
    private OrderTestAccess() {}

    public static AggregateTestFixture<?> fixture() {
        return new AggregateTestFixture<>(Order.class);
    }
}
