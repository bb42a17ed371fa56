package io.conveyor.query.stock;

import io.conveyor.contracts.stock.FindProductQuery;
import io.conveyor.contracts.stock.ListProductsQuery;
import io.conveyor.contracts.stock.ProductView;
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

    ProductQueries(ProductStockRepository products) {
        this.products = products;
    }

    /** Null when the product is unknown (or not projected yet). */
    @QueryHandler
    ProductView handle(FindProductQuery query) {
        return products.findById(query.productId().value())
                .map(ProductStockEntity::toView)
                .orElse(null);
    }

    @QueryHandler
    List<ProductView> handle(ListProductsQuery query) {
        return products.findAllByOrderBySkuAsc().stream()
                .map(ProductStockEntity::toView)
                .toList();
    }
}
