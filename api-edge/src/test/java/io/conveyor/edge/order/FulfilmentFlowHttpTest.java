package io.conveyor.edge.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.TimelineEntry;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Every way an order can end, driven over HTTP and watched as a client watches it. */
@HttpTest
class FulfilmentFlowHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    EventStorageEngine events;

    ConveyorApi api;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
    }

    @Test
    void an_order_is_delivered_and_its_stream_shows_every_step() {
        ProductId mug = api.createProduct(1250, 10);
        ProductId tea = api.createProduct(500, 5);
        OrderId order = api.anOrder().line(mug, 2).line(tea, 1).place();

        List<ServerSentEvent<OrderView>> received = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        api.orderStream(order).doOnComplete(() -> ended.set(true)).subscribe(received::add);

        await().atMost(ConveyorApi.PATIENCE)
                .until(() -> received.stream().anyMatch(e -> e.data().shipmentId() != null));
        OrderView paid = received.get(received.size() - 1).data();
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        api.awaitStock(mug, 8, 2);

        api.dispatch(paid.shipmentId());
        api.deliver(paid.shipmentId());

        await().atMost(ConveyorApi.PATIENCE).untilTrue(ended);
        List<OrderStatus> streamed =
                received.stream().map(e -> e.data().status()).distinct().toList();
        assertThat(streamed).endsWith(OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
        assertThat(received).allSatisfy(e -> {
            assertThat(e.id()).startsWith(order.value() + ":");
            assertThat(e.event()).isEqualTo("order");
        });
        assertThat(received.stream().map(ServerSentEvent::id).distinct()).hasSameSizeAs(received);

        OrderView delivered = api.order(order);
        assertThat(delivered.timeline())
                .extracting(TimelineEntry::status)
                .containsExactly(
                        OrderStatus.PLACED,
                        OrderStatus.STOCK_RESERVED,
                        OrderStatus.PAID,
                        OrderStatus.SHIPPED,
                        OrderStatus.DELIVERED);
        assertThat(delivered.totalMinor()).isEqualTo(3000);
        api.awaitStock(mug, 8, 0);
        api.awaitStock(tea, 4, 0);
    }

    @Test
    void a_stock_shortage_rejects_the_order_and_gives_back_what_was_reserved() {
        ProductId plenty = api.createProduct(100, 10);
        ProductId scarce = api.createProduct(100, 1);

        OrderId order = api.anOrder().line(plenty, 3).line(scarce, 2).place();

        OrderView rejected = api.awaitOrder(order, o -> o.status() == OrderStatus.REJECTED);
        assertThat(rejected.rejectionReason()).isEqualTo("insufficient-stock");
        api.awaitStock(plenty, 10, 0);
        api.awaitStock(scarce, 1, 0);
    }

    @Test
    void a_declined_payment_rejects_the_order_and_restores_stock() {
        ProductId mug = api.createProduct(1250, 10);

        OrderId order = api.anOrder()
                .line(mug, 4)
                .paidWith("tok_decline_insufficient_funds")
                .place();

        OrderView rejected = api.awaitOrder(order, o -> o.status() == OrderStatus.REJECTED);
        assertThat(rejected.rejectionReason()).isEqualTo("payment-declined");
        assertThat(rejected.timeline())
                .extracting(TimelineEntry::status)
                .containsExactly(OrderStatus.PLACED, OrderStatus.STOCK_RESERVED, OrderStatus.REJECTED);
        api.awaitStock(mug, 10, 0);
    }

    @Test
    void a_payment_that_never_answers_times_out_and_restores_stock() {
        ProductId mug = api.createProduct(1250, 10);

        OrderId order = api.anOrder().line(mug, 4).paidWith("tok_timeout").place();

        api.awaitOrder(order, o -> o.status() == OrderStatus.STOCK_RESERVED);
        api.awaitStock(mug, 6, 4);
        OrderView rejected = api.awaitOrder(order, o -> o.status() == OrderStatus.REJECTED);
        assertThat(rejected.rejectionReason()).isEqualTo("payment-timeout");
        api.awaitStock(mug, 10, 0);
        await().atMost(ConveyorApi.PATIENCE).until(() -> eventTypesOf(order).contains("PaymentVoidedEvent"));
    }

    @Test
    void a_cancel_after_payment_refunds_releases_stock_and_calls_off_the_shipment() {
        ProductId mug = api.createProduct(1250, 10);
        OrderId order = api.anOrder().line(mug, 3).place();
        OrderView paid = api.awaitOrder(order, o -> o.shipmentId() != null);

        api.cancel(order, "changed my mind");

        OrderView cancelled = api.awaitOrder(order, o -> o.status() == OrderStatus.CANCELLED);
        assertThat(cancelled.timeline())
                .last()
                .extracting(TimelineEntry::reason)
                .isEqualTo("changed my mind");
        api.awaitStock(mug, 10, 0);
        await().atMost(ConveyorApi.PATIENCE).until(() -> eventTypesOf(order).contains("PaymentRefundedEvent"));
        await().atMost(ConveyorApi.PATIENCE)
                .untilAsserted(() -> web.get()
                        .uri("/api/shipments/{id}", paid.shipmentId())
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.status")
                        .isEqualTo("CANCELLED"));
        web.post()
                .uri("/api/shipments/{id}/dispatch", paid.shipmentId())
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("shipment-cancelled");
    }

    @Test
    void a_shipped_order_cannot_be_cancelled() {
        ProductId mug = api.createProduct(1250, 10);
        OrderId order = api.anOrder().line(mug, 1).place();
        OrderView paid = api.awaitOrder(order, o -> o.shipmentId() != null);
        api.dispatch(paid.shipmentId());
        api.awaitOrder(order, o -> o.status() == OrderStatus.SHIPPED);

        web.post()
                .uri("/api/orders/{id}/cancel", order)
                .bodyValue(Map.of("reason", "too late"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType("application/problem+json")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/state-conflict")
                .jsonPath("$.code")
                .isEqualTo("order-already-shipped");
        api.awaitStock(mug, 9, 0);
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
