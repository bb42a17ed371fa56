package io.conveyor.edge.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Off by default: no publisher, no processor, no broker in the health, and not one connection to the address that
 * spring.rabbitmq names (a socket here that counts the connections it is offered), while commands and health checks
 * are served.
 */
@HttpTest
@DirtiesContext
class AmqpDisabledHttpTest {
    static final CountingListener broker = new CountingListener();

    @Autowired
    WebTestClient web;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void aBrokerAddressThatCounts(DynamicPropertyRegistry registry) {
        registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
        registry.add("spring.rabbitmq.port", broker::port);
    }

    @AfterAll
    static void stopListening() {
        broker.close();
    }

    @Test
    void the_application_runs_without_a_broker_and_never_connects_to_one() {
        ConveyorApi api = new ConveyorApi(web);
        ProductId mug = api.createProduct(100, 5);
        OrderId order = api.anOrder().line(mug, 1).place();
        api.awaitOrder(order, o -> o.shipmentId() != null);

        JsonNode health = api.json("/actuator/health");
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").has("rabbit")).isFalse();
        assertThat(context.getBeansOfType(AmqpEventPublisher.class)).isEmpty();
        assertThat(StreamSupport.stream(api.json("/api/admin/projections").spliterator(), false)
                        .map(p -> p.path("name").asText()))
                .isNotEmpty()
                .doesNotContain(AmqpEventPublisher.GROUP);
        assertThat(broker.connections()).isZero();
    }

    /** Accepts connections and counts them; speaks no AMQP. */
    static final class CountingListener implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger accepted = new AtomicInteger();

        CountingListener() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread thread = new Thread(this::accept, "counting-listener");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return accepted.get();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try (Socket ignored = socket.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }
}
