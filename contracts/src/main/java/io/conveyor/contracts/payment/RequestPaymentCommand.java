package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the payment provider to authorise an amount against a payment token. */
public record RequestPaymentCommand(
        @TargetAggregateIdentifier PaymentId paymentId,
        OrderId orderId,
        long amountMinor,
        String currency,
        String paymentToken) {}
