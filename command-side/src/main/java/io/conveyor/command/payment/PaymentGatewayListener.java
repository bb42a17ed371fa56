package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;

/** How a provider's answers come back in. */
public interface PaymentGatewayListener {
    void authorised(PaymentId paymentId, String providerReference);

    void declined(PaymentId paymentId, String reason);

    void refunded(PaymentId paymentId);
}
