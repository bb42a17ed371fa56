package io.conveyor.command.stock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.conveyor.command.config.CommandSideConfiguration;
import io.conveyor.command.tenancy.TenantOwned;
import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.stock.CommitStockReservationCommand;
import io.conveyor.contracts.stock.CreateProductCommand;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.contracts.stock.ReleaseStockCommand;
import io.conveyor.contracts.stock.ReserveStockCommand;
import io.conveyor.contracts.stock.RestockProductCommand;
import io.conveyor.contracts.stock.ReturnStockCommand;
import io.conveyor.contracts.stock.StockReleasedEvent;
import io.conveyor.contracts.stock.StockReservationCommittedEvent;
import io.conveyor.contracts.stock.StockReservationRejectedEvent;
import io.conveyor.contracts.stock.StockReservedEvent;
import io.conveyor.contracts.stock.StockReturnedEvent;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A product and its stock. Invariant: available and reserved never go negative, and each order holds at most one
 * reservation per product, so a repeated reserve or release is a no-op rather than a second effect.
 */
@Aggregate(
        snapshotTriggerDefinition = CommandSideConfiguration.SNAPSHOT_TRIGGER,
        cache = CommandSideConfiguration.CACHE)
// snapshots are JSON of the fields: there are no getters to find them by
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Product extends TenantOwned {
    static final int MAX_STOCK = 1_000_000_000;

    @AggregateIdentifier
    private ProductId id;

    private int available;
    private int reserved;
    private final Map<OrderId, Integer> reservations = new HashMap<>();
    /** Orders whose units came back: only undelivered orders, so it grows with returns, not with sales. */
    private final Set<OrderId> returns = new HashSet<>();

    Product() {
        // required by Axon to rebuild the product from its events
    }

    @CommandHandler
    Product(CreateProductCommand cmd, ProductCatalogue catalogue, @MetaDataValue(TenantMetadata.KEY) String tenant) {
        requireText(cmd.sku(), "sku");
        requireText(cmd.name(), "name");
        if (cmd.priceMinor() < 0) {
            throw new RuleViolationException("invalid-price", "priceMinor must not be negative");
        }
        requireCurrency(cmd.currency());
        if (cmd.initialStock() < 0 || cmd.initialStock() > MAX_STOCK) {
            throw new RuleViolationException("invalid-quantity", "initialStock must be between 0 and " + MAX_STOCK);
        }
        if (catalogue.isSkuTaken(TenantMetadata.orDefault(tenant), cmd.sku())) {
            throw new StateConflictException("sku-taken", "a product with sku " + cmd.sku() + " exists already");
        }
        apply(new ProductCreatedEvent(
                cmd.productId(), cmd.sku(), cmd.name(), cmd.priceMinor(), cmd.currency(), cmd.initialStock()));
    }

    @CommandHandler
    void handle(RestockProductCommand cmd) {
        if (cmd.quantity() <= 0) {
            throw new RuleViolationException("invalid-quantity", "a restock must add at least one unit");
        }
        if ((long) available + reserved + cmd.quantity() > MAX_STOCK) {
            throw new RuleViolationException("invalid-quantity", "stock would exceed " + MAX_STOCK + " units");
        }
        apply(new ProductRestockedEvent(id, cmd.quantity(), available + cmd.quantity(), reserved));
    }

    @CommandHandler
    void handle(ReserveStockCommand cmd) {
        if (cmd.quantity() <= 0) {
            throw new RuleViolationException("invalid-quantity", "a reservation must hold at least one unit");
        }
        if (holdsReservationFor(cmd.orderId())) {
            return; // duplicate: the order holds its units already
        }
        if (!canReserve(cmd.quantity())) {
            apply(new StockReservationRejectedEvent(id, cmd.orderId(), cmd.quantity(), available));
            return;
        }
        apply(new StockReservedEvent(
                id, cmd.orderId(), cmd.quantity(), available - cmd.quantity(), reserved + cmd.quantity()));
    }

    @CommandHandler
    void handle(ReleaseStockCommand cmd) {
        if (!holdsReservationFor(cmd.orderId())) {
            return; // duplicate or never reserved: nothing to give back
        }
        int quantity = reservations.get(cmd.orderId());
        apply(new StockReleasedEvent(
                id, cmd.orderId(), quantity, available + quantity, reserved - quantity, cmd.reason()));
    }

    @CommandHandler
    void handle(CommitStockReservationCommand cmd) {
        if (!holdsReservationFor(cmd.orderId())) {
            return; // duplicate: already committed or released
        }
        int quantity = reservations.get(cmd.orderId());
        apply(new StockReservationCommittedEvent(id, cmd.orderId(), quantity, available, reserved - quantity));
    }

    @CommandHandler
    void handle(ReturnStockCommand cmd) {
        if (cmd.quantity() <= 0) {
            throw new RuleViolationException("invalid-quantity", "a return must bring back at least one unit");
        }
        if (returns.contains(cmd.orderId())) {
            return; // duplicate: this order's units came back already
        }
        if ((long) available + reserved + cmd.quantity() > MAX_STOCK) {
            throw new RuleViolationException("invalid-quantity", "stock would exceed " + MAX_STOCK + " units");
        }
        apply(new StockReturnedEvent(
                id, cmd.orderId(), cmd.quantity(), available + cmd.quantity(), reserved, cmd.reason()));
    }

    @EventSourcingHandler
    void on(ProductCreatedEvent e) {
        id = e.productId();
        available = e.initialStock();
    }

    @EventSourcingHandler
    void on(ProductRestockedEvent e) {
        available = e.available();
    }

    @EventSourcingHandler
    void on(StockReservedEvent e) {
        reservations.put(e.orderId(), e.quantity());
        available = e.available();
        reserved = e.reserved();
    }

    @EventSourcingHandler
    void on(StockReleasedEvent e) {
        reservations.remove(e.orderId());
        available = e.available();
        reserved = e.reserved();
    }

    @EventSourcingHandler
    void on(StockReservationCommittedEvent e) {
        reservations.remove(e.orderId());
        available = e.available();
        reserved = e.reserved();
    }

    @EventSourcingHandler
    void on(StockReturnedEvent e) {
        returns.add(e.orderId());
        available = e.available();
    }

    private boolean holdsReservationFor(OrderId orderId) {
        return reservations.containsKey(orderId);
    }

    private boolean canReserve(int quantity) {
        return quantity <= available;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new RuleViolationException("missing-" + field, field + " must not be blank");
        }
    }

    static void requireCurrency(String code) {
        try {
            Currency.getInstance(code == null ? "" : code);
        } catch (IllegalArgumentException e) {
            throw new RuleViolationException("invalid-currency", "currency must be an ISO 4217 code, got " + code);
        }
    }
}
