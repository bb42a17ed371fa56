package io.conveyor.contracts.order;

import io.conveyor.contracts.payment.PaymentId;
import org.axonframework.serialization.Revision;

/** The order's payment was authorised. */
@Revision("1")
public record OrderPaidEvent(OrderId orderId, PaymentId paymentId, long amountMinor, String currency) {}
