package io.conveyor.contracts.order;

import io.conveyor.contracts.payment.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order's payment was authorised. */
public record MarkOrderPaidCommand(
        @TargetAggregateIdentifier OrderId orderId, PaymentId paymentId) {}
