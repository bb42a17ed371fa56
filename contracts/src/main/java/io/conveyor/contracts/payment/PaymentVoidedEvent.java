package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** A pending authorisation was withdrawn before the provider answered. */
@Revision("1")
public record PaymentVoidedEvent(PaymentId paymentId, OrderId orderId, String reason) {}
