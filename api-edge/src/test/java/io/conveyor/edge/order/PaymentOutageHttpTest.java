package io.conveyor.edge.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.TimelineEntry;
import io.conveyor.contracts.payment.PaymentAttemptFailedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The payment provider goes down while an order waits for its payment: the circuit breaker opens, the order keeps
 * waiting and is asked for again, and it is paid once the provider is back. The simulated provider is down for the
 * first two calls of a {@code tok_unavailable} payment; a breaker that opens on two failed calls and stays open for 3 s
 * turns that into an outage every payment would see, and a payment deadline of 20 s leaves room for it. Those settings
 * need a context of their own; it is closed afterwards, or its connections and processors would stay open for the rest
 * of the run.
 */
@HttpTest
@DirtiesContext
@TestPropertySource(
        properties = {
            "conveyor.fulfilment.payment-timeout=20s",
            "conveyor.fulfilment.payment-retry.first-delay=200ms",
            "conveyor.fulfilment.payment-retry.max-delay=1s",
            "conveyor.fulfilment.payment-retry.jitter=0",
            "conveyor.payment.breaker.sliding-window-size=2",
            "conveyor.payment.breaker.minimum-number-of-calls=2",
            "conveyor.payment.breaker.wait-in-open-state=3s",
            "conveyor.payment.breaker.permitted-calls-in-half-open-state=1"
        })
class PaymentOutageHttpTest {
    private static final String BREAKER_STATE = "conveyor.payment.breaker.state";

    @Autowired
    WebTestClient web;

    @Autowired
    EventStorageEngine events;

    @Autowired
    MeterRegistry meters;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void an_order_placed_during_an_outage_is_paid_once_the_provider_is_back() {
        ProductId mug = api.createProduct(1250, 10);
        assertThat(breaker("closed")).isEqualTo(1);

        OrderId order = api.anOrder().line(mug, 2).paidWith("tok_unavailable").place();

        await().atMost(ConveyorApi.PATIENCE).until(() -> breaker("open") == 1);
        OrderView paid = api.awaitOrder(order, o -> o.shipmentId() != null);
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.timeline())
                .extracting(TimelineEntry::status)
                .containsExactly(OrderStatus.PLACED, OrderStatus.STOCK_RESERVED, OrderStatus.PAID);
        api.awaitStock(mug, 8, 2);

        List<PaymentAttemptFailedEvent> failed = failedAttemptsOf(order);
        assertThat(failed)
                .extracting(PaymentAttemptFailedEvent::reason)
                .as("the provider failed twice, then the open breaker refused calls without making them")
                .startsWith("call-failed", "call-failed", "circuit-open");
        assertThat(failed)
                .extracting(PaymentAttemptFailedEvent::attempt)
                .as("each attempt failed once, and each was followed by the next")
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, failed.size())
                        .boxed()
                        .toList());
        assertThat(eventTypesOf(order))
                .filteredOn(type -> type.equals("PaymentRetryRequestedEvent"))
                .hasSize(failed.size());
        await().atMost(ConveyorApi.PATIENCE).until(() -> breaker("closed") == 1);
    }

    private double breaker(String state) {
        return meters.get(BREAKER_STATE).tag("state", state).gauge().value();
    }

    private List<PaymentAttemptFailedEvent> failedAttemptsOf(OrderId order) {
        try (var stream = events.readEvents(null, false)) {
            return stream.filter(m -> m.getPayload() instanceof PaymentAttemptFailedEvent e
                            && e.orderId().equals(order))
                    .map(m -> (PaymentAttemptFailedEvent) m.getPayload())
                    .toList();
        }
    }

    /** Payment events are keyed by payment id; find them through the order id they carry. */
    private List<String> eventTypesOf(OrderId order) {
        try (var stream = events.readEvents(null, false)) {
            return stream.filter(m -> m.getPayload().toString().contains(order.value()))
                    .map(m -> m.getPayloadType().getSimpleName())
                    .toList();
        }
    }
}
