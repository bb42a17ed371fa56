package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.RecordPaymentAuthorisedCommand;
import io.conveyor.contracts.payment.RecordPaymentDeclinedCommand;
import io.conveyor.contracts.payment.RecordPaymentRefundedCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the provider's answers into commands on the payment, which records each of them once. */
class PaymentOutcomeRecorder implements PaymentGatewayListener {
    private static final Logger log = LoggerFactory.getLogger(PaymentOutcomeRecorder.class);

    private final CommandGateway commands;

    PaymentOutcomeRecorder(CommandGateway commands) {
        this.commands = commands;
    }

    @Override
    public void authorised(PaymentId paymentId, String providerReference) {
        record(new RecordPaymentAuthorisedCommand(paymentId, providerReference));
    }

    @Override
    public void declined(PaymentId paymentId, String reason) {
        record(new RecordPaymentDeclinedCommand(paymentId, reason));
    }

    @Override
    public void refunded(PaymentId paymentId) {
        record(new RecordPaymentRefundedCommand(paymentId));
    }

    private void record(Object command) {
        commands.send(command).whenComplete((result, failure) -> {
            if (failure != null) {
                // the payment stays pending: the fulfilment deadline decides what happens to its order
                log.error("could not record the provider's answer {}", command, failure);
            }
        });
    }
}
