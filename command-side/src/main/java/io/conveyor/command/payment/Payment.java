package io.conveyor.command.payment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.conveyor.command.config.CommandSideConfiguration;
import io.conveyor.command.tenancy.TenantOwned;
import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.payment.CancelPaymentCommand;
import io.conveyor.contracts.payment.PaymentAttemptFailedEvent;
import io.conveyor.contracts.payment.PaymentAuthorisedEvent;
import io.conveyor.contracts.payment.PaymentDeclinedEvent;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.PaymentRefundRequestedEvent;
import io.conveyor.contracts.payment.PaymentRefundedEvent;
import io.conveyor.contracts.payment.PaymentRequestedEvent;
import io.conveyor.contracts.payment.PaymentRetryRequestedEvent;
import io.conveyor.contracts.payment.PaymentVoidedEvent;
import io.conveyor.contracts.payment.RecordPaymentAttemptFailedCommand;
import io.conveyor.contracts.payment.RecordPaymentAuthorisedCommand;
import io.conveyor.contracts.payment.RecordPaymentDeclinedCommand;
import io.conveyor.contracts.payment.RecordPaymentRefundedCommand;
import io.conveyor.contracts.payment.RequestPaymentCommand;
import io.conveyor.contracts.payment.RetryPaymentCommand;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One payment of an order, as the provider sees it. The provider answers late, twice, or after we gave up: every
 * answer that does not fit the current status is a no-op, so the log records each outcome once. An attempt that could
 * not reach the provider is recorded too, and may be followed by another attempt with the same id and token.
 */
@Aggregate(
        snapshotTriggerDefinition = CommandSideConfiguration.SNAPSHOT_TRIGGER,
        cache = CommandSideConfiguration.CACHE)
// snapshots are JSON of the fields: there are no getters to find them by
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Payment extends TenantOwned {
    @AggregateIdentifier
    private PaymentId id;

    private OrderId orderId;
    private long amountMinor;
    private String currency;
    private PaymentStatus status;
    /** Kept for a retry, which must present the same token; it is in the request's event already. */
    private String paymentToken;

    private int attempt;
    private boolean attemptFailed;

    Payment() {
        // required by Axon to rebuild the payment from its events
    }

    @CommandHandler
    Payment(RequestPaymentCommand cmd) {
        if (cmd.amountMinor() <= 0) {
            throw new RuleViolationException("invalid-amount", "a payment needs a positive amount");
        }
        apply(new PaymentRequestedEvent(
                cmd.paymentId(), cmd.orderId(), cmd.amountMinor(), cmd.currency(), cmd.paymentToken()));
    }

    @CommandHandler
    void handle(RecordPaymentAuthorisedCommand cmd) {
        if (isAwaitingAnswer()) {
            apply(new PaymentAuthorisedEvent(id, orderId, amountMinor, currency, cmd.providerReference()));
        }
    }

    @CommandHandler
    void handle(RecordPaymentDeclinedCommand cmd) {
        if (isAwaitingAnswer()) {
            apply(new PaymentDeclinedEvent(id, orderId, cmd.reason()));
        }
    }

    /** Once per attempt: a failure reported twice, or for an attempt already superseded, changes nothing. */
    @CommandHandler
    void handle(RecordPaymentAttemptFailedCommand cmd) {
        if (isAwaitingAnswer() && cmd.attempt() == attempt && !attemptFailed) {
            apply(new PaymentAttemptFailedEvent(id, orderId, attempt, cmd.reason()));
        }
    }

    /** Only after a failed attempt: while one is still on its way, asking again could only duplicate it. */
    @CommandHandler
    void handle(RetryPaymentCommand cmd) {
        if (isAwaitingAnswer() && attemptFailed) {
            apply(new PaymentRetryRequestedEvent(id, orderId, amountMinor, currency, paymentToken, attempt + 1));
        }
    }

    @CommandHandler
    void handle(CancelPaymentCommand cmd) {
        if (isAwaitingAnswer()) {
            apply(new PaymentVoidedEvent(id, orderId, cmd.reason()));
        } else if (status == PaymentStatus.AUTHORISED) {
            apply(new PaymentRefundRequestedEvent(id, orderId, amountMinor, currency, cmd.reason()));
        }
        // declined, voided or refunding already: nothing left to undo
    }

    @CommandHandler
    void handle(RecordPaymentRefundedCommand cmd) {
        if (status == PaymentStatus.REFUND_REQUESTED) {
            apply(new PaymentRefundedEvent(id, orderId, amountMinor, currency));
        }
    }

    @EventSourcingHandler
    void on(PaymentRequestedEvent e) {
        id = e.paymentId();
        orderId = e.orderId();
        amountMinor = e.amountMinor();
        currency = e.currency();
        paymentToken = e.paymentToken();
        status = PaymentStatus.REQUESTED;
        attempt = 1;
    }

    @EventSourcingHandler
    void on(PaymentAttemptFailedEvent e) {
        attemptFailed = true;
    }

    @EventSourcingHandler
    void on(PaymentRetryRequestedEvent e) {
        attempt = e.attempt();
        attemptFailed = false;
    }

    @EventSourcingHandler
    void on(PaymentAuthorisedEvent e) {
        status = PaymentStatus.AUTHORISED;
        paymentToken = null; // no retry can follow: the token is kept no longer than needed
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent e) {
        status = PaymentStatus.DECLINED;
        paymentToken = null; // no retry can follow: the token is kept no longer than needed
    }

    @EventSourcingHandler
    void on(PaymentVoidedEvent e) {
        status = PaymentStatus.VOIDED;
        paymentToken = null; // no retry can follow: the token is kept no longer than needed
    }

    @EventSourcingHandler
    void on(PaymentRefundRequestedEvent e) {
        status = PaymentStatus.REFUND_REQUESTED;
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent e) {
        status = PaymentStatus.REFUNDED;
    }

    private boolean isAwaitingAnswer() {
        return status == PaymentStatus.REQUESTED;
    }

    private enum PaymentStatus {
        REQUESTED,
        AUTHORISED,
        DECLINED,
        VOIDED,
        REFUND_REQUESTED,
        REFUNDED
    }
}
