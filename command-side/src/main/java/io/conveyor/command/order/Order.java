package io.conveyor.command.order;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.conveyor.command.config.CommandSideConfiguration;
import io.conveyor.command.stock.ProductCatalogue;
import io.conveyor.command.tenancy.TenantOwned;
import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.order.CancelOrderCommand;
import io.conveyor.contracts.order.MarkOrderDeliveredCommand;
import io.conveyor.contracts.order.MarkOrderPaidCommand;
import io.conveyor.contracts.order.MarkOrderReturnedCommand;
import io.conveyor.contracts.order.MarkOrderShippedCommand;
import io.conveyor.contracts.order.MarkOrderStockReservedCommand;
import io.conveyor.contracts.order.OrderCancelledEvent;
import io.conveyor.contracts.order.OrderDeliveredEvent;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderLineRequest;
import io.conveyor.contracts.order.OrderPaidEvent;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.order.OrderRejectedEvent;
import io.conveyor.contracts.order.OrderReturnedEvent;
import io.conveyor.contracts.order.OrderShippedEvent;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderStockReservedEvent;
import io.conveyor.contracts.order.PlaceOrderCommand;
import io.conveyor.contracts.order.RejectOrderCommand;
import io.conveyor.contracts.stock.ProductId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An order and its status. The fulfilment saga moves it forward; the customer may cancel it until it ships. Steps that
 * arrive twice, or after the order ended, are no-ops: the saga may repeat itself, and a late step changes nothing.
 */
@Aggregate(
        snapshotTriggerDefinition = CommandSideConfiguration.SNAPSHOT_TRIGGER,
        cache = CommandSideConfiguration.CACHE)
// snapshots are JSON of the fields: there are no getters to find them by
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Order extends TenantOwned {
    static final int MAX_LINES = 50;
    static final int MAX_QUANTITY = 10_000;
    private static final Pattern CARD_NUMBER = Pattern.compile("[0-9 -]{12,23}");

    @AggregateIdentifier
    private OrderId id;

    private OrderStatus status;
    private long totalMinor;
    private String currency;

    Order() {
        // required by Axon to rebuild the order from its events
    }

    @CommandHandler
    Order(PlaceOrderCommand cmd, ProductCatalogue catalogue, @MetaDataValue(TenantMetadata.KEY) String tenant) {
        requireLines(cmd.lines());
        requirePaymentToken(cmd.paymentToken());
        List<OrderLine> priced = new ArrayList<>();
        String currency = null;
        long total = 0;
        for (OrderLineRequest line : cmd.lines()) {
            ProductCatalogue.Price price = catalogue
                    .priceOf(TenantMetadata.orDefault(tenant), line.productId())
                    .orElseThrow(() -> new RuleViolationException(
                            "unknown-product", "product " + line.productId() + " does not exist"));
            if (currency != null && !currency.equals(price.currency())) {
                throw new RuleViolationException(
                        "mixed-currencies", "all products of an order must be priced in one currency");
            }
            currency = price.currency();
            total = Math.addExact(total, Math.multiplyExact(price.amountMinor(), line.quantity()));
            priced.add(new OrderLine(line.productId(), line.quantity(), price.amountMinor()));
        }
        apply(new OrderPlacedEvent(
                cmd.orderId(), cmd.customerId(), List.copyOf(priced), total, currency, cmd.paymentToken()));
    }

    @CommandHandler
    void handle(MarkOrderStockReservedCommand cmd) {
        if (canAdvanceFrom(OrderStatus.PLACED)) {
            apply(new OrderStockReservedEvent(id));
        }
    }

    @CommandHandler
    void handle(MarkOrderPaidCommand cmd) {
        if (canAdvanceFrom(OrderStatus.STOCK_RESERVED)) {
            apply(new OrderPaidEvent(id, cmd.paymentId(), totalMinor, currency));
        }
    }

    @CommandHandler
    void handle(MarkOrderShippedCommand cmd) {
        if (canAdvanceFrom(OrderStatus.PAID)) {
            apply(new OrderShippedEvent(id, cmd.shipmentId()));
        }
    }

    @CommandHandler
    void handle(MarkOrderDeliveredCommand cmd) {
        if (canAdvanceFrom(OrderStatus.SHIPPED)) {
            apply(new OrderDeliveredEvent(id, cmd.shipmentId()));
        }
    }

    @CommandHandler
    void handle(MarkOrderReturnedCommand cmd) {
        if (canAdvanceFrom(OrderStatus.SHIPPED)) {
            apply(new OrderReturnedEvent(id, cmd.shipmentId(), cmd.reason()));
        }
    }

    @CommandHandler
    void handle(RejectOrderCommand cmd) {
        if (status.isTerminal()) {
            return; // the order ended already: a late rejection changes nothing
        }
        if (isShipped()) {
            throw new StateConflictException("order-already-shipped", "a shipped order cannot be rejected");
        }
        apply(new OrderRejectedEvent(id, cmd.reason()));
    }

    @CommandHandler
    void handle(CancelOrderCommand cmd) {
        if (isCancelled()) {
            return; // duplicate: a deliberate no-op
        }
        if (isShipped() || status == OrderStatus.DELIVERED || status == OrderStatus.RETURNED) {
            throw new StateConflictException("order-already-shipped", "shipped orders cannot be cancelled");
        }
        if (status == OrderStatus.REJECTED) {
            throw new StateConflictException("order-already-rejected", "a rejected order cannot be cancelled");
        }
        String reason = cmd.reason() == null || cmd.reason().isBlank() ? "customer-request" : cmd.reason();
        apply(new OrderCancelledEvent(id, reason, status));
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent e) {
        id = e.orderId();
        status = OrderStatus.PLACED;
        totalMinor = e.totalMinor();
        currency = e.currency();
    }

    @EventSourcingHandler
    void on(OrderStockReservedEvent e) {
        status = OrderStatus.STOCK_RESERVED;
    }

    @EventSourcingHandler
    void on(OrderPaidEvent e) {
        status = OrderStatus.PAID;
    }

    @EventSourcingHandler
    void on(OrderShippedEvent e) {
        status = OrderStatus.SHIPPED;
    }

    @EventSourcingHandler
    void on(OrderDeliveredEvent e) {
        status = OrderStatus.DELIVERED;
    }

    @EventSourcingHandler
    void on(OrderReturnedEvent e) {
        status = OrderStatus.RETURNED;
    }

    @EventSourcingHandler
    void on(OrderRejectedEvent e) {
        status = OrderStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent e) {
        status = OrderStatus.CANCELLED;
    }

    /**
     * A forward step applies only from the status right before it. Anything else is a repeat (the order is past that
     * step) or comes after the order ended; both are no-ops.
     */
    private boolean canAdvanceFrom(OrderStatus expected) {
        return status == expected;
    }

    private boolean isShipped() {
        return status == OrderStatus.SHIPPED;
    }

    private boolean isCancelled() {
        return status == OrderStatus.CANCELLED;
    }

    private static void requireLines(List<OrderLineRequest> lines) {
        if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new RuleViolationException("invalid-lines", "an order needs 1 to " + MAX_LINES + " lines");
        }
        Set<ProductId> seen = new HashSet<>();
        for (OrderLineRequest line : lines) {
            if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                throw new RuleViolationException(
                        "invalid-quantity", "each line needs a quantity from 1 to " + MAX_QUANTITY);
            }
            if (!seen.add(line.productId())) {
                throw new RuleViolationException(
                        "duplicate-product", "product " + line.productId() + " appears on more than one line");
            }
        }
    }

    private static void requirePaymentToken(String token) {
        if (token == null || token.isBlank()) {
            throw new RuleViolationException("missing-payment-token", "paymentToken must not be blank");
        }
        // events live for ever: a card number must never reach one
        if (CARD_NUMBER.matcher(token).matches()) {
            throw new RuleViolationException(
                    "card-number-rejected", "send the payment provider's token, never a card number");
        }
    }
}
