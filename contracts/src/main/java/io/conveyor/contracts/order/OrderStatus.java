package io.conveyor.contracts.order;

/** Where an order stands. DELIVERED, REJECTED and CANCELLED are final. */
public enum OrderStatus {
    PLACED,
    STOCK_RESERVED,
    PAID,
    SHIPPED,
    DELIVERED,
    REJECTED,
    CANCELLED;

    public boolean isTerminal() {
        return this == DELIVERED || this == REJECTED || this == CANCELLED;
    }
}
