package io.conveyor.projection.stock;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code product_stock} table as the projection writes it: each change one statement on the processor's
 * transaction, with no read before it and no entity to track. A stock event carries the resulting levels, so a change
 * is an overwrite guarded by the row's last applied sequence: a redelivered or replayed event at or below it changes
 * nothing. Queries read the same rows as {@link ProductStockEntity}.
 */
@Component
class ProductStockRows {
    private static final String COLUMNS =
            "product_id, sku, name, price_minor, currency, available, reserved, last_sequence, tenant";

    private final JdbcTemplate jdbc;

    ProductStockRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a product's row unless it exists (a redelivered creation); answers whether it did. */
    boolean create(ProductView product, String tenant) {
        return jdbc.update(
                        "insert into product_stock (" + COLUMNS + ") select ?, ?, ?, ?, ?, ?, ?, ?, ?"
                                + " where not exists (select 1 from product_stock where product_id = ?)",
                        product.productId().value(),
                        product.sku(),
                        product.name(),
                        product.priceMinor(),
                        product.currency(),
                        product.available(),
                        product.reserved(),
                        product.version(),
                        tenant,
                        product.productId().value())
                == 1;
    }

    /**
     * Sets a product's levels as of its event {@code sequence}, unless the row has applied that event or a later one,
     * or does not exist (its creating event comes first); answers whether it changed the row.
     */
    boolean stockChanged(ProductId productId, int available, int reserved, long sequence) {
        return jdbc.update(
                        "update product_stock set available = ?, reserved = ?, last_sequence = ?"
                                + " where product_id = ? and last_sequence < ?",
                        available,
                        reserved,
                        sequence,
                        productId.value(),
                        sequence)
                == 1;
    }

    /**
     * The product's row with its tenant, as queries answer it. Read by statement, not through the repository: an entity
     * loaded earlier in the same batch's persistence context would answer without seeing the statements since.
     */
    Optional<Owned> find(ProductId productId) {
        return jdbc.query(
                "select " + COLUMNS + " from product_stock where product_id = ?",
                rs -> rs.next()
                        ? Optional.of(new Owned(
                                rs.getString("tenant"),
                                new ProductView(
                                        new ProductId(rs.getString("product_id")),
                                        rs.getString("sku"),
                                        rs.getString("name"),
                                        rs.getLong("price_minor"),
                                        rs.getString("currency"),
                                        rs.getInt("available"),
                                        rs.getInt("reserved"),
                                        rs.getLong("last_sequence"))))
                        : Optional.empty(),
                productId.value());
    }

    void deleteAll() {
        jdbc.update("delete from product_stock");
    }

    /** A product's view and the tenant whose row it is. */
    record Owned(String tenant, ProductView view) {}
}
