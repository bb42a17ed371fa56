package io.conveyor.contracts.order;

/** Where an order stands. DELIVERED, REJECTED, CANCELLED and RETURNED are final. */
public enum OrderStatus {
    PLACED,
    STOCK_RESERVED,
    PAID,
    SHIPPED,
    DELIVERED,
    REJECTED,
    CANCELLED,
    /** Shipped, but the parcel could not be delivered and came back: refunded, its stock returned. */
    RETURNED;

    public boolean isTerminal() {
        return this == DELIVERED || this == REJECTED || this == CANCELLED || this == RETURNED;
    }
}
