package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentRefundRequestedEvent;
import io.conveyor.contracts.payment.PaymentRequestedEvent;
import io.conveyor.contracts.payment.PaymentVoidedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Calls the provider once a payment event is stored, so a rolled-back command never reaches it. It runs in its own
 * streaming processor: after a crash it resumes from its token and may call again, which the payment id makes
 * harmless. Never replayed: a rebuild must not charge anybody.
 */
@Component
@ProcessingGroup(PaymentGatewayRelay.GROUP)
class PaymentGatewayRelay {
    static final String GROUP = "payment-gateway";

    private final PaymentGateway gateway;
    private final PaymentCorrelations correlations;

    PaymentGatewayRelay(PaymentGateway gateway, PaymentCorrelations correlations) {
        this.gateway = gateway;
        this.correlations = correlations;
    }

    @EventHandler
    @DisallowReplay
    void on(PaymentRequestedEvent e) {
        correlations.remember(e.paymentId());
        gateway.authorise(
                new PaymentGateway.Authorisation(e.paymentId(), e.amountMinor(), e.currency(), e.paymentToken()));
    }

    @EventHandler
    @DisallowReplay
    void on(PaymentVoidedEvent e) {
        gateway.voidAuthorisation(e.paymentId());
    }

    @EventHandler
    @DisallowReplay
    void on(PaymentRefundRequestedEvent e) {
        correlations.remember(e.paymentId());
        gateway.refund(new PaymentGateway.Refund(e.paymentId(), e.amountMinor(), e.currency()));
    }
}
