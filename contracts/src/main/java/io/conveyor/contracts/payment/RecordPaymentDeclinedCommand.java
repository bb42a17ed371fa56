package io.conveyor.contracts.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider declined the payment. */
public record RecordPaymentDeclinedCommand(
        @TargetAggregateIdentifier PaymentId paymentId, String reason) {}
