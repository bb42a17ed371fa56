package io.conveyor;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.TimelineEntry;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.TestProfiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The embedded default keeps everything in a file: after a restart the data are there, processors carry on from their
 * stored tokens, and a payment deadline that was pending at shutdown fires afterwards.
 */
class RestartTest {
    @TempDir
    Path dataDir;

    @Test
    void data_and_a_pending_payment_deadline_survive_a_restart() {
        String url = "jdbc:h2:file:" + dataDir.resolve("conveyor") + ";DB_CLOSE_ON_EXIT=FALSE";
        ProductId mug;
        OrderId order;

        try (ConfigurableApplicationContext first = start(url)) {
            ConveyorApi api = clientOf(first);
            mug = api.createProduct(1250, 10);
            order = api.anOrder().line(mug, 4).paidWith("tok_timeout").place();
            api.awaitOrder(order, o -> o.status() == OrderStatus.STOCK_RESERVED);
            api.awaitStock(mug, 6, 4);
        }

        try (ConfigurableApplicationContext second = start(url)) {
            ConveyorApi api = clientOf(second);
            OrderView rejected = api.awaitOrder(order, o -> o.status() == OrderStatus.REJECTED);

            assertThat(rejected.rejectionReason()).isEqualTo("payment-timeout");
            assertThat(rejected.timeline())
                    .extracting(TimelineEntry::status)
                    .containsExactly(OrderStatus.PLACED, OrderStatus.STOCK_RESERVED, OrderStatus.REJECTED);
            api.awaitStock(mug, 10, 0);
            assertThat(api.product(mug).sku()).startsWith("SKU-");
        }
    }

    private ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(ConveyorApplication.class)
                .profiles(TestProfiles.active())
                // arguments, not default properties: they must win over the test profile's in-memory database
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + url, // on PostgreSQL, the database named below instead
                        "--conveyor.test.database-name=restart_"
                                + dataDir.getFileName().toString().replaceAll("\\W", ""),
                        // one scheduler across the restart, or the second would not see the first one's deadlines
                        "--spring.quartz.scheduler-name=restart",
                        // long enough to be pending at shutdown, short enough to come due while the app is down
                        "--conveyor.fulfilment.payment-timeout=4s");
    }

    private static ConveyorApi clientOf(ConfigurableApplicationContext context) {
        String port = context.getEnvironment().getProperty("local.server.port");
        return new ConveyorApi(
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build());
    }
}
