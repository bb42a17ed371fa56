package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/**
 * Authorisation was requested again, with the same payment id (the provider's idempotency key) and token, after the
 * previous attempt failed to reach the provider.
 */
@Revision("1")
public record PaymentRetryRequestedEvent(
        PaymentId paymentId, OrderId orderId, long amountMinor, String currency, String paymentToken, int attempt) {}
