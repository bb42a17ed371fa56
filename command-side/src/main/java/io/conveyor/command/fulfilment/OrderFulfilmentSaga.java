package io.conveyor.command.fulfilment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.conveyor.contracts.common.DomainRejectionException;
import io.conveyor.contracts.order.MarkOrderDeliveredCommand;
import io.conveyor.contracts.order.MarkOrderPaidCommand;
import io.conveyor.contracts.order.MarkOrderReturnedCommand;
import io.conveyor.contracts.order.MarkOrderShippedCommand;
import io.conveyor.contracts.order.MarkOrderStockReservedCommand;
import io.conveyor.contracts.order.OrderCancelledEvent;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.order.RejectOrderCommand;
import io.conveyor.contracts.payment.CancelPaymentCommand;
import io.conveyor.contracts.payment.PaymentAttemptFailedEvent;
import io.conveyor.contracts.payment.PaymentAuthorisedEvent;
import io.conveyor.contracts.payment.PaymentDeclinedEvent;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.RequestPaymentCommand;
import io.conveyor.contracts.payment.RetryPaymentCommand;
import io.conveyor.contracts.shipment.CancelShipmentCommand;
import io.conveyor.contracts.shipment.CreateShipmentCommand;
import io.conveyor.contracts.shipment.RetryDeliveryCommand;
import io.conveyor.contracts.shipment.ReturnShipmentCommand;
import io.conveyor.contracts.shipment.ShipmentDeliveredEvent;
import io.conveyor.contracts.shipment.ShipmentDeliveryFailedEvent;
import io.conveyor.contracts.shipment.ShipmentDispatchedEvent;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentReturnedEvent;
import io.conveyor.contracts.stock.CommitStockReservationCommand;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ReleaseStockCommand;
import io.conveyor.contracts.stock.ReserveStockCommand;
import io.conveyor.contracts.stock.ReturnStockCommand;
import io.conveyor.contracts.stock.StockReservationRejectedEvent;
import io.conveyor.contracts.stock.StockReservedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fulfils one order: reserve every line, authorise the payment, create the shipment, follow it to delivery. Every
 * forward step has its compensation: a line that cannot be reserved, a declined or unanswered payment, and a
 * cancellation each give back what was taken so far. A payment request that does not reach the provider (its circuit
 * breaker is open, or the call failed) is asked again after a backoff, for as long as the payment deadline allows. A
 * delivery that fails is tried again a set number of times; then the parcel is returned, the payment refunded and the
 * stock given back.
 */
@Saga
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderFulfilmentSaga {
    private static final Logger log = LoggerFactory.getLogger(OrderFulfilmentSaga.class);
    static final String PAYMENT_DEADLINE = "payment-timeout";
    static final String PAYMENT_RETRY_DEADLINE = "payment-retry";
    static final String INSUFFICIENT_STOCK = "insufficient-stock";
    static final String PAYMENT_DECLINED = "payment-declined";
    static final String PAYMENT_TIMEOUT = "payment-timeout";
    static final String ORDER_CANCELLED = "order-cancelled";
    static final String DELIVERY_FAILED = "delivery-failed";
    private static final String ORDER = "orderId";

    private OrderId orderId;
    private List<Line> lines = new ArrayList<>();
    private long totalMinor;
    private String currency;
    private String paymentToken;
    private PaymentId paymentId;
    private ShipmentId shipmentId;
    private String paymentDeadlineId;
    /** When the payment deadline fires, at the latest: a retry due after it would be no use. */
    private Instant paymentDue;

    private String paymentRetryDeadlineId;
    private boolean compensating;
    private String compensationReason;

    @StartSaga
    @SagaEventHandler(associationProperty = ORDER)
    void on(OrderPlacedEvent e, CommandGateway commands) {
        orderId = e.orderId();
        totalMinor = e.totalMinor();
        currency = e.currency();
        paymentToken = e.paymentToken();
        for (OrderLine line : e.lines()) {
            lines.add(new Line(line.productId(), line.quantity(), line.unitPriceMinor(), LineState.PENDING));
        }
        for (OrderLine line : e.lines()) {
            if (!send(commands, new ReserveStockCommand(line.productId(), orderId, line.quantity()))) {
                // the product refused for good (it is gone): the line can never be reserved
                mark(line.productId(), LineState.REJECTED);
                if (!compensating) {
                    compensate(INSUFFICIENT_STOCK, commands);
                }
            }
        }
        endWhenSettled();
    }

    @SagaEventHandler(associationProperty = ORDER)
    void on(
            StockReservedEvent e,
            @Timestamp Instant at,
            CommandGateway commands,
            DeadlineManager deadlines,
            FulfilmentSettings settings) {
        mark(e.productId(), LineState.RESERVED);
        if (compensating) {
            release(e.productId(), commands);
            endWhenSettled();
            return;
        }
        if (allLinesIn(LineState.RESERVED)) {
            send(commands, new MarkOrderStockReservedCommand(orderId));
            requestPayment(commands, deadlines, settings, at);
        }
    }

    @SagaEventHandler(associationProperty = ORDER)
    void on(StockReservationRejectedEvent e, CommandGateway commands) {
        mark(e.productId(), LineState.REJECTED);
        if (!compensating) {
            compensate(INSUFFICIENT_STOCK, commands);
        }
        endWhenSettled();
    }

    @SagaEventHandler(associationProperty = ORDER)
    void on(PaymentAuthorisedEvent e, CommandGateway commands, DeadlineManager deadlines) {
        stopWaitingForPayment(deadlines);
        if (compensating) {
            return;
        }
        paid(commands);
    }

    private void paid(CommandGateway commands) {
        send(commands, new MarkOrderPaidCommand(orderId, paymentId));
        shipmentId = ShipmentId.random();
        send(commands, new CreateShipmentCommand(shipmentId, orderId, orderLines()));
    }

    @SagaEventHandler(associationProperty = ORDER)
    void on(PaymentDeclinedEvent e, CommandGateway commands, DeadlineManager deadlines) {
        stopWaitingForPayment(deadlines);
        if (!compensating) {
            compensate(PAYMENT_DECLINED, commands);
        }
        endWhenSettled();
    }

    /**
     * The provider could not be asked. Not an answer: the order waits on, and the provider is asked again after a
     * backoff, unless that would come after the payment deadline, which then decides as it would without retries.
     */
    @SagaEventHandler(associationProperty = ORDER)
    void on(
            PaymentAttemptFailedEvent e,
            @Timestamp Instant at,
            DeadlineManager deadlines,
            FulfilmentSettings settings) {
        if (!e.paymentId().equals(paymentId) || paymentDeadlineId == null || compensating) {
            return; // an earlier payment's, or the wait is over
        }
        if (paymentRetryDeadlineId != null) {
            return; // the same failure once more: its retry is scheduled already
        }
        Duration delay = settings.paymentRetry()
                .delayAfter(e.attempt(), ThreadLocalRandom.current().nextDouble());
        if (paymentDue != null && !at.plus(delay).isBefore(paymentDue)) {
            log.warn(
                    "no time left to retry {} of order {} ({}); the payment deadline decides",
                    paymentId,
                    orderId,
                    e.reason());
            return;
        }
        log.info(
                "attempt {} of {} for order {} did not reach the provider ({}); asking again in {}",
                e.attempt(),
                paymentId,
                orderId,
                e.reason(),
                delay);
        paymentRetryDeadlineId = deadlines.schedule(delay, PAYMENT_RETRY_DEADLINE, new PaymentRetryDue(paymentId));
    }

    @DeadlineHandler(deadlineName = PAYMENT_RETRY_DEADLINE)
    void on(PaymentRetryDue retry, CommandGateway commands) {
        if (!retry.paymentId().equals(paymentId) || paymentRetryDeadlineId == null || compensating) {
            // cancelled while it fired, an answer came meanwhile, or the flow ended: as with the payment deadline,
            // the saga's own state is the truth
            log.warn("ignoring a stale payment retry for {} of order {}", retry.paymentId(), orderId);
            return;
        }
        paymentRetryDeadlineId = null;
        send(commands, new RetryPaymentCommand(paymentId));
    }

    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void on(PaymentDeadline deadline, CommandGateway commands, DeadlineManager deadlines) {
        if (!deadline.paymentId().equals(paymentId) || paymentDeadlineId == null || compensating) {
            // left behind by an attempt that was rolled back and retried with another payment, fired while the
            // payment's answer was on its way (the wait is over), or the flow ended meanwhile: the saga's own
            // state is the truth
            log.warn("ignoring a stale payment deadline for {} of order {}", deadline.paymentId(), orderId);
            return;
        }
        paymentDeadlineId = null; // fired: nothing left to cancel
        cancelPaymentRetry(deadlines);
        send(commands, new CancelPaymentCommand(deadline.paymentId(), PAYMENT_TIMEOUT));
        compensate(PAYMENT_TIMEOUT, commands);
        endWhenSettled();
    }

    @SagaEventHandler(associationProperty = ORDER)
    void on(ShipmentDispatchedEvent e, CommandGateway commands) {
        send(commands, new MarkOrderShippedCommand(orderId, e.shipmentId()));
        for (Line line : lines) {
            send(commands, new CommitStockReservationCommand(line.productId(), orderId));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ORDER)
    void on(ShipmentDeliveredEvent e, CommandGateway commands) {
        send(commands, new MarkOrderDeliveredCommand(orderId, e.shipmentId()));
    }

    /** A failed delivery is tried again until {@code conveyor.fulfilment.delivery-attempts} have failed. */
    @SagaEventHandler(associationProperty = ORDER)
    void on(ShipmentDeliveryFailedEvent e, CommandGateway commands, FulfilmentSettings settings) {
        if (e.attempt() < settings.deliveryAttempts()) {
            send(commands, new RetryDeliveryCommand(e.shipmentId()));
        } else {
            send(commands, new ReturnShipmentCommand(e.shipmentId(), DELIVERY_FAILED));
        }
    }

    /**
     * The parcel came back: the customer gets the money back and the units are for sale again. Every step here is
     * safe to repeat (a refund is requested once per payment, a return counted once per order and product), so a
     * retry of this handler after a passing failure does not pay or count twice.
     */
    @EndSaga
    @SagaEventHandler(associationProperty = ORDER)
    void on(ShipmentReturnedEvent e, CommandGateway commands) {
        if (paymentId != null) {
            send(commands, new CancelPaymentCommand(paymentId, DELIVERY_FAILED)); // refunds an authorised payment
        }
        for (Line line : lines) {
            send(commands, new ReturnStockCommand(line.productId(), orderId, line.quantity(), DELIVERY_FAILED));
        }
        send(commands, new MarkOrderReturnedCommand(orderId, e.shipmentId(), e.reason()));
    }

    @SagaEventHandler(associationProperty = ORDER)
    void on(OrderCancelledEvent e, CommandGateway commands, DeadlineManager deadlines) {
        stopWaitingForPayment(deadlines);
        if (paymentId != null) {
            send(commands, new CancelPaymentCommand(paymentId, ORDER_CANCELLED)); // voids or refunds
        }
        if (shipmentId != null) {
            send(commands, new CancelShipmentCommand(shipmentId, ORDER_CANCELLED));
        }
        startCompensation(ORDER_CANCELLED);
        releaseReservedLines(commands);
        endWhenSettled();
    }

    /**
     * Sends and waits; tells whether the command was accepted. A failure that may pass (a concurrency conflict the
     * gateway's retries did not resolve) fails this event's handling, so the processor retries it, and the saga with
     * it; every command here is safe to repeat. A rejection or a missing target is a decided answer: retrying cannot
     * change it, and it must not block the saga's other orders, so it is logged and the flow goes on.
     */
    private static boolean send(CommandGateway commands, Object command) {
        try {
            commands.sendAndWait(command);
            return true;
        } catch (DomainRejectionException | AggregateNotFoundException refused) {
            log.warn("{} was refused: {}", command, refused.getMessage());
            return false;
        }
    }

    private void requestPayment(
            CommandGateway commands, DeadlineManager deadlines, FulfilmentSettings settings, Instant now) {
        if (totalMinor == 0) {
            paymentToken = null;
            paid(commands); // nothing to charge
            return;
        }
        paymentId = PaymentId.random();
        send(commands, new RequestPaymentCommand(paymentId, orderId, totalMinor, currency, paymentToken));
        paymentToken = null; // handed over: the saga keeps no more than it needs
        paymentDeadlineId =
                deadlines.schedule(settings.paymentTimeout(), PAYMENT_DEADLINE, new PaymentDeadline(paymentId));
        paymentDue = now.plus(settings.paymentTimeout());
    }

    /**
     * Cancels by id: cancelling "all within scope" would scan every pending payment deadline of every order, and
     * races with deadlines that fire meanwhile.
     */
    private void stopWaitingForPayment(DeadlineManager deadlines) {
        if (paymentDeadlineId != null) {
            deadlines.cancelSchedule(PAYMENT_DEADLINE, paymentDeadlineId);
            paymentDeadlineId = null;
        }
        cancelPaymentRetry(deadlines);
    }

    private void cancelPaymentRetry(DeadlineManager deadlines) {
        if (paymentRetryDeadlineId != null) {
            deadlines.cancelSchedule(PAYMENT_RETRY_DEADLINE, paymentRetryDeadlineId);
            paymentRetryDeadlineId = null;
        }
    }

    /** Gives back every reservation held so far and rejects the order; lines still pending are released on arrival. */
    private void compensate(String reason, CommandGateway commands) {
        startCompensation(reason);
        releaseReservedLines(commands);
        send(commands, new RejectOrderCommand(orderId, reason));
    }

    private void startCompensation(String reason) {
        compensating = true;
        compensationReason = reason;
    }

    private void releaseReservedLines(CommandGateway commands) {
        for (Line line : List.copyOf(lines)) {
            if (line.state() == LineState.RESERVED) {
                release(line.productId(), commands);
            }
        }
    }

    private void release(ProductId productId, CommandGateway commands) {
        send(commands, new ReleaseStockCommand(productId, orderId, compensationReason));
        mark(productId, LineState.RELEASED);
    }

    private void endWhenSettled() {
        if (compensating
                && lines.stream().noneMatch(l -> l.state() == LineState.PENDING || l.state() == LineState.RESERVED)) {
            SagaLifecycle.end();
        }
    }

    private boolean allLinesIn(LineState state) {
        return lines.stream().allMatch(l -> l.state() == state);
    }

    private void mark(ProductId productId, LineState state) {
        lines.replaceAll(l -> l.productId().equals(productId) ? l.withState(state) : l);
    }

    private List<OrderLine> orderLines() {
        return lines.stream()
                .map(l -> new OrderLine(l.productId(), l.quantity(), l.unitPriceMinor()))
                .toList();
    }

    /** The deadline's payload: a handler's first parameter is its payload, and this one says which payment. */
    record PaymentDeadline(PaymentId paymentId) {}

    /** The retry deadline's payload, naming the payment to ask for again. */
    record PaymentRetryDue(PaymentId paymentId) {}

    enum LineState {
        PENDING,
        RESERVED,
        REJECTED,
        RELEASED
    }

    record Line(ProductId productId, int quantity, long unitPriceMinor, LineState state) {
        Line withState(LineState next) {
            return new Line(productId, quantity, unitPriceMinor, next);
        }
    }
}
