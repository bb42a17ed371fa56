package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** Authorisation was requested. The token is the provider's single-use reference, never card data. */
@Revision("1")
public record PaymentRequestedEvent(
        PaymentId paymentId, OrderId orderId, long amountMinor, String currency, String paymentToken) {}
