package io.conveyor.contracts.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the domain of the events in a package, as their external type names show it: an event class
 * {@code OrderPlacedEvent} with {@code @Revision("1")} in a package marked {@code @EventDomain("orders")} is
 * {@code orders.OrderPlaced.v1} in the event log.
 */
@Target(ElementType.PACKAGE)
@Retention(RetentionPolicy.RUNTIME)
public @interface EventDomain {
    String value();
}
