package io.conveyor.contracts.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider confirmed the refund. */
public record RecordPaymentRefundedCommand(
        @TargetAggregateIdentifier PaymentId paymentId) {}
