package io.conveyor.contracts.order;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Places an order; its lines are priced from the catalogue at this moment. */
public record PlaceOrderCommand(
        @TargetAggregateIdentifier OrderId orderId,
        CustomerId customerId,
        List<OrderLineRequest> lines,
        String paymentToken) {}
