package io.conveyor.contracts.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The provider could not be asked for the given attempt: its circuit breaker was open, or the call failed on the way.
 * Not an answer: the payment still waits for one.
 */
public record RecordPaymentAttemptFailedCommand(
        @TargetAggregateIdentifier PaymentId paymentId, int attempt, String reason) {}
