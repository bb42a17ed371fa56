package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;

/**
 * The port to a payment provider. Calls return at once; the provider answers later, through the
 * {@link PaymentGatewayListener} (as a real provider's webhook would). Every call is keyed by the payment id, which the
 * provider treats as an idempotency key: a repeated call never charges twice. A call that cannot reach the provider
 * throws {@link PaymentGatewayUnavailableException}; it may be made again.
 */
public interface PaymentGateway {
    void authorise(Authorisation request);

    /** Withdraws a pending authorisation: the provider will not answer it any more. */
    void voidAuthorisation(PaymentId paymentId);

    void refund(Refund request);

    record Authorisation(PaymentId paymentId, long amountMinor, String currency, String paymentToken) {}

    record Refund(PaymentId paymentId, long amountMinor, String currency) {}
}
