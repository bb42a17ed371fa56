package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.RecordPaymentAuthorisedCommand;
import io.conveyor.contracts.payment.RecordPaymentDeclinedCommand;
import io.conveyor.contracts.payment.RecordPaymentRefundedCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the provider's answers into commands on the payment, which records each of them once. */
class PaymentOutcomeRecorder implements PaymentGatewayListener {
    private static final Logger log = LoggerFactory.getLogger(PaymentOutcomeRecorder.class);

    private final CommandGateway commands;
    private final PaymentCorrelations correlations;

    PaymentOutcomeRecorder(CommandGateway commands, PaymentCorrelations correlations) {
        this.commands = commands;
        this.correlations = correlations;
    }

    @Override
    public void authorised(PaymentId paymentId, String providerReference) {
        record(paymentId, new RecordPaymentAuthorisedCommand(paymentId, providerReference));
    }

    @Override
    public void declined(PaymentId paymentId, String reason) {
        record(paymentId, new RecordPaymentDeclinedCommand(paymentId, reason));
    }

    @Override
    public void refunded(PaymentId paymentId) {
        record(paymentId, new RecordPaymentRefundedCommand(paymentId));
    }

    private void record(PaymentId paymentId, Object command) {
        commands.send(GenericCommandMessage.asCommandMessage(command).andMetaData(correlations.recall(paymentId)))
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        // the payment stays pending: the fulfilment deadline decides what happens to its order
                        log.error("could not record the provider's answer {}", command, failure);
                    }
                });
    }
}
