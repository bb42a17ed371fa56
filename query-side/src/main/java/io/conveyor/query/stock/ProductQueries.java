package io.conveyor.query.stock;

import io.conveyor.contracts.stock.FindProductAsOfQuery;
import io.conveyor.contracts.stock.FindProductQuery;
import io.conveyor.contracts.stock.ListProductsQuery;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.projection.stock.ProductStockAsOf;
import io.conveyor.projection.stock.ProductStockEntity;
import io.conveyor.projection.stock.ProductStockRepository;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
@Transactional(readOnly = true)
class ProductQueries {
    private final ProductStockRepository products;
    private final ProductStockAsOf history;

    ProductQueries(ProductStockRepository products, ProductStockAsOf history) {
        this.products = products;
        this.history = history;
    }

    /** Null when the product did not exist at that instant. */
    @QueryHandler
    ProductView handle(FindProductAsOfQuery query) {
        return history.at(query.tenant(), query.productId(), query.asOf()).orElse(null);
    }

    /** Null when the product is unknown to the tenant (or not projected yet). */
    @QueryHandler
    ProductView handle(FindProductQuery query) {
        return products.findById(query.productId().value())
                .filter(product -> product.belongsTo(query.tenant()))
                .map(ProductStockEntity::toView)
                .orElse(null);
    }

    @QueryHandler
    List<ProductView> handle(ListProductsQuery query) {
        return products.findAllByTenantOrderBySkuAsc(query.tenant()).stream()
                .map(ProductStockEntity::toView)
                .toList();
    }
}
