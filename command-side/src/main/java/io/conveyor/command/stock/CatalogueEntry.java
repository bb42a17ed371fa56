package io.conveyor.command.stock;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "product_catalogue")
class CatalogueEntry {
    @Id
    @Column(name = "product_id")
    private String productId;

    @Column(name = "tenant", nullable = false)
    private String tenant;

    @Column(name = "sku", nullable = false)
    private String sku;

    @Column(name = "price_minor", nullable = false)
    private long priceMinor;

    @Column(name = "currency", nullable = false)
    private String currency;

    protected CatalogueEntry() {
        // for JPA
    }

    CatalogueEntry(String productId, String tenant, String sku, long priceMinor, String currency) {
        this.productId = productId;
        this.tenant = tenant;
        this.sku = sku;
        this.priceMinor = priceMinor;
        this.currency = currency;
    }

    String tenant() {
        return tenant;
    }

    long priceMinor() {
        return priceMinor;
    }

    String currency() {
        return currency;
    }
}
