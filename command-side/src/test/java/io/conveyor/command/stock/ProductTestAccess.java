package io.conveyor.command.stock;

import org.axonframework.test.aggregate.AggregateTestFixture;

/** A fixture of the (package-private) product, for tests of platform behaviour shared by every aggregate. */
public final class ProductTestAccess {
    private ProductTestAccess() {}

    public static AggregateTestFixture<?> fixture() {
        return new AggregateTestFixture<>(Product.class);
    }
}
