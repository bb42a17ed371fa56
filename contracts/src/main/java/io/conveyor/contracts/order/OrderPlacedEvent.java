package io.conveyor.contracts.order;

import java.util.List;
import org.axonframework.serialization.Revision;

/** An order was placed; lines carry the prices it was placed at. */
@Revision("1")
public record OrderPlacedEvent(
        OrderId orderId,
        CustomerId customerId,
        List<OrderLine> lines,
        long totalMinor,
        String currency,
        String paymentToken) {}
