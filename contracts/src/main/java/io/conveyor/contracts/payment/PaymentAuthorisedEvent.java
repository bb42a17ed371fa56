package io.conveyor.contracts.payment;

import io.conveyor.contracts.order.OrderId;
import org.axonframework.serialization.Revision;

/** The provider authorised the payment. */
@Revision("1")
public record PaymentAuthorisedEvent(
        PaymentId paymentId, OrderId orderId, long amountMinor, String currency, String providerReference) {}
