package io.conveyor.projection.stock;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.projection.support.TenantRow;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A product's row as queries read it; the projection writes it by statement ({@link ProductStockRows}). */
@Entity
@Table(name = "product_stock")
public class ProductStockEntity extends TenantRow {
    @Id
    @Column(name = "product_id")
    private String productId;

    @Column(name = "sku", nullable = false)
    private String sku;

    @Column(name = "name", nullable = false)
    private String name;

    @Column(name = "price_minor", nullable = false)
    private long priceMinor;

    @Column(name = "currency", nullable = false)
    private String currency;

    @Column(name = "available", nullable = false)
    private int available;

    @Column(name = "reserved", nullable = false)
    private int reserved;

    /** The product's last applied event sequence: a redelivered event at or below it changes nothing. */
    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    protected ProductStockEntity() {
        // for JPA
    }

    ProductStockEntity(
            String productId, String sku, String name, long priceMinor, String currency, int available, long sequence) {
        this.productId = productId;
        this.sku = sku;
        this.name = name;
        this.priceMinor = priceMinor;
        this.currency = currency;
        this.available = available;
        this.lastSequence = sequence;
    }

    void stockChanged(int available, int reserved, long sequence) {
        this.available = available;
        this.reserved = reserved;
        this.lastSequence = sequence;
    }

    public ProductView toView() {
        return new ProductView(
                new ProductId(productId), sku, name, priceMinor, currency, available, reserved, lastSequence);
    }
}
