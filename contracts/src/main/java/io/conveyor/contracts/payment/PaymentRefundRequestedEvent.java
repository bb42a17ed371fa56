package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** An authorised payment is being given back. */
@Revision("1")
public record PaymentRefundRequestedEvent(
        PaymentId paymentId, OrderId orderId, long amountMinor, String currency, String reason) {}
