package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.contracts.stock.ListProductsQuery;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.edge.support.HttpTest;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.axonframework.queryhandling.SubscriptionQueryUpdateMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The application's query bus registers subscription queries with the indexed emitter (decision 49). */
@HttpTest
class IndexedQueryUpdateEmitterHttpTest {
    @Autowired
    QueryBus queryBus;

    @Autowired
    QueryUpdateEmitter emitter;

    @Test
    void the_query_bus_registers_with_the_indexed_emitter_which_refuses_a_message_twice() {
        assertThat(emitter).isInstanceOf(IndexedQueryUpdateEmitter.class);
        SubscriptionQueryMessage<ListProductsQuery, List<ProductView>, ProductView> query =
                new GenericSubscriptionQueryMessage<>(
                        new ListProductsQuery("wiring"),
                        ResponseTypes.multipleInstancesOf(ProductView.class),
                        ResponseTypes.instanceOf(ProductView.class));

        SubscriptionQueryResult<?, SubscriptionQueryUpdateMessage<ProductView>> result =
                queryBus.subscriptionQuery(query);
        try {
            assertThat(emitter.queryUpdateHandlerRegistered(query)).isTrue();
            assertThatThrownBy(() -> queryBus.subscriptionQuery(query))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("already a subscription");
        } finally {
            result.cancel();
        }
        assertThat(emitter.queryUpdateHandlerRegistered(query)).isFalse();
    }
}
