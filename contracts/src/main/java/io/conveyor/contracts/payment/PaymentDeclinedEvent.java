package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** The provider declined the payment. */
@Revision("1")
public record PaymentDeclinedEvent(PaymentId paymentId, OrderId orderId, String reason) {}
