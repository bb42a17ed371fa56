package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/**
 * An attempt to ask the provider did not reach it ({@code reason}: {@code circuit-open} or {@code call-failed}). The
 * payment still waits for an answer; attempt 1 is the request itself, later ones are retries.
 */
@Revision("1")
public record PaymentAttemptFailedEvent(PaymentId paymentId, OrderId orderId, int attempt, String reason) {}
