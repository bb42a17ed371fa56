package io.conveyor.contracts.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Undo the payment: void it while pending, refund it once authorised. */
public record CancelPaymentCommand(
        @TargetAggregateIdentifier PaymentId paymentId, String reason) {}
