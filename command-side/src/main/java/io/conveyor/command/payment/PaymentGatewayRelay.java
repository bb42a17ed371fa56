package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.PaymentRefundRequestedEvent;
import io.conveyor.contracts.payment.PaymentRequestedEvent;
import io.conveyor.contracts.payment.PaymentRetryRequestedEvent;
import io.conveyor.contracts.payment.PaymentVoidedEvent;
import io.conveyor.contracts.payment.RecordPaymentAttemptFailedCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls the provider once a payment event is stored, so a rolled-back command never reaches it. It runs in its own
 * streaming processor: after a crash it resumes from its token and may call again, which the payment id makes
 * harmless. Never replayed: a rebuild must not charge anybody.
 *
 * <p>An authorisation that cannot reach the provider is recorded on the payment, in this event's transaction, and the
 * fulfilment saga decides when to ask again; this processor goes on with the next payment. A void or a refund that
 * cannot reach the provider fails the event instead: the processor retries it until the provider takes it, because
 * nothing else would.
 */
@Component
@ProcessingGroup(PaymentGatewayRelay.GROUP)
class PaymentGatewayRelay {
    static final String GROUP = "payment-gateway";
    private static final Logger log = LoggerFactory.getLogger(PaymentGatewayRelay.class);

    private final PaymentGateway gateway;
    private final PaymentCorrelations correlations;
    private final CommandGateway commands;

    PaymentGatewayRelay(PaymentGateway gateway, PaymentCorrelations correlations, CommandGateway commands) {
        this.gateway = gateway;
        this.correlations = correlations;
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    void on(PaymentRequestedEvent e) {
        authorise(new PaymentGateway.Authorisation(e.paymentId(), e.amountMinor(), e.currency(), e.paymentToken()), 1);
    }

    @EventHandler
    @DisallowReplay
    void on(PaymentRetryRequestedEvent e) {
        authorise(
                new PaymentGateway.Authorisation(e.paymentId(), e.amountMinor(), e.currency(), e.paymentToken()),
                e.attempt());
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

    private void authorise(PaymentGateway.Authorisation request, int attempt) {
        PaymentId payment = request.paymentId();
        correlations.remember(payment);
        try {
            gateway.authorise(request);
        } catch (PaymentGatewayUnavailableException unavailable) {
            log.warn("attempt {} of {} did not reach the provider ({})", attempt, payment, unavailable.reason());
            commands.sendAndWait(new RecordPaymentAttemptFailedCommand(payment, attempt, unavailable.reason()));
        }
    }
}
