package io.conveyor.contracts.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider authorised the payment. */
public record RecordPaymentAuthorisedCommand(
        @TargetAggregateIdentifier PaymentId paymentId, String providerReference) {}
