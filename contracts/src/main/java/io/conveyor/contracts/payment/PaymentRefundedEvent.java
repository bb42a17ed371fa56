package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** The provider confirmed the refund. */
@Revision("1")
public record PaymentRefundedEvent(PaymentId paymentId, OrderId orderId, long amountMinor, String currency) {}
