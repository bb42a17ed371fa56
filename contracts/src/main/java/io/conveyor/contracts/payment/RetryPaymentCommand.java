package io.conveyor.contracts.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks the provider again, after its last attempt could not reach it. */
public record RetryPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId) {}
