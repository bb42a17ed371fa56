package io.conveyor.edge.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentStatus;
import io.conveyor.contracts.shipment.ShipmentView;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.signing.StandardWebhooks;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A carrier pushes signed tracking updates; they move the shipment and, through the saga, the order. The carrier holds
 * the secret of its own name only, and everything it sends again has no second effect.
 */
@HttpTest
@TestPropertySource(properties = {"conveyor.carriers.secrets.parcelco=" + CarrierReportsHttpTest.SECRET})
class CarrierReportsHttpTest {
    static final String SECRET = "whsec_mpZ35eWnwmrH8/96xNSXWP0z5ywpmmKG7GIU6fhQrgA=";

    @Autowired
    WebTestClient web;

    @Autowired
    ObjectMapper json;

    @LocalServerPort
    int port;

    ConveyorApi api;
    ProductId mug;
    /** A carrier has no bearer token: its client is not the suite's, which sends one. */
    WebTestClient carrier;

    @BeforeEach
    void setUp() {
        api = new ConveyorApi(web);
        mug = api.createProduct(1250, 5);
        carrier =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void reports_move_the_shipment_and_the_order_from_dispatch_to_delivery() {
        OrderId order = api.anOrder().line(mug, 2).place();
        ShipmentId shipment = api.awaitOrder(order, o -> o.shipmentId() != null).shipmentId();
        // a client watching the order sees what the carrier reports, as it would changes made through the API
        List<OrderStatus> watched = new CopyOnWriteArrayList<>();
        api.orderStream(order).map(event -> event.data().status()).subscribe(watched::add);

        report(shipment, "DISPATCHED", Map.of()).expectStatus().isOk();
        api.awaitOrder(order, o -> o.status() == OrderStatus.SHIPPED);

        report(shipment, "IN_TRANSIT", Map.of("location", "Utrecht hub"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.shipmentId")
                .isEqualTo(shipment.value())
                .jsonPath("$.repeated")
                .isEqualTo(false);
        awaitShipment(
                shipment,
                s -> assertThat(s)
                        .extracting(ShipmentView::status, ShipmentView::location)
                        .containsExactly(ShipmentStatus.IN_TRANSIT, "Utrecht hub"));

        report(shipment, "DELIVERED", Map.of()).expectStatus().isOk();
        api.awaitOrder(order, o -> o.status() == OrderStatus.DELIVERED);
        awaitShipment(shipment, s -> assertThat(s.status()).isEqualTo(ShipmentStatus.DELIVERED));
        await().atMost(ConveyorApi.PATIENCE)
                .untilAsserted(() -> assertThat(watched).endsWith(OrderStatus.SHIPPED, OrderStatus.DELIVERED));
    }

    @Test
    void a_failed_delivery_is_tried_again_and_a_second_returns_the_parcel_refunds_and_restocks() {
        OrderId order = api.anOrder().line(mug, 2).place();
        ShipmentId shipment = api.awaitOrder(order, o -> o.shipmentId() != null).shipmentId();
        report(shipment, "DISPATCHED", Map.of()).expectStatus().isOk();
        api.awaitStock(mug, 3, 0);

        report(shipment, "DELIVERY_FAILED", Map.of("reason", "nobody home"))
                .expectStatus()
                .isOk();
        // the saga sends it out again
        awaitShipment(
                shipment,
                s -> assertThat(s)
                        .extracting(ShipmentView::status, ShipmentView::failedDeliveries, ShipmentView::deliveryFailure)
                        .containsExactly(ShipmentStatus.IN_TRANSIT, 1, "nobody home"));

        report(shipment, "DELIVERY_FAILED", Map.of("reason", "address unknown"))
                .expectStatus()
                .isOk();
        api.awaitOrder(order, o -> o.status() == OrderStatus.RETURNED);
        awaitShipment(
                shipment,
                s -> assertThat(s)
                        .extracting(ShipmentView::status, ShipmentView::failedDeliveries)
                        .containsExactly(ShipmentStatus.RETURNED, 2));
        api.awaitStock(mug, 5, 0);
        String payment = paymentOf(order);
        await().atMost(ConveyorApi.PATIENCE)
                .untilAsserted(() -> assertThat(types(history("payments", payment)))
                        .contains("payments.PaymentRefundRequested.v1", "payments.PaymentRefunded.v1"));
    }

    @Test
    void a_report_sent_again_is_answered_alike_with_no_second_effect() {
        OrderId order = api.anOrder().line(mug, 1).place();
        ShipmentId shipment = api.awaitOrder(order, o -> o.shipmentId() != null).shipmentId();
        report(shipment, "DISPATCHED", Map.of()).expectStatus().isOk();
        String id = "msg_" + UUID.randomUUID();
        byte[] body = body(shipment, "DELIVERY_FAILED", Map.of("reason", "nobody home"));

        send(id, body, Instant.now(), SECRET)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.repeated")
                .isEqualTo(false);
        awaitShipment(shipment, s -> assertThat(s.status()).isEqualTo(ShipmentStatus.IN_TRANSIT));
        // a carrier's retry: same id and body, signed anew
        send(id, body, Instant.now().plusSeconds(30), SECRET)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.repeated")
                .isEqualTo(true);

        // had it been acted on again, it would have been a second failure: the parcel would be on its way back
        assertThat(types(history("shipments", shipment.value())))
                .containsOnlyOnce("shipments.ShipmentDeliveryFailed.v1");
        assertThat(api.order(order).status()).isEqualTo(OrderStatus.SHIPPED);
    }

    @Test
    void unsigned_forged_altered_or_stale_reports_are_refused_and_change_nothing() {
        OrderId order = api.anOrder().line(mug, 1).place();
        ShipmentId shipment = api.awaitOrder(order, o -> o.shipmentId() != null).shipmentId();
        byte[] body = body(shipment, "DISPATCHED", Map.of());
        String id = "msg_" + UUID.randomUUID();

        refused(
                carrier.post()
                        .uri("/api/carriers/parcelco/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body)
                        .exchange(),
                "are all required");
        refused(send(id, body, Instant.now(), StandardWebhooks.newSecret()), "no v1 signature");
        refused(send(id, body, Instant.now().minusSeconds(301), SECRET), "more than 300 s");
        long now = Instant.now().getEpochSecond();
        refused(
                carrier.post()
                        .uri("/api/carriers/parcelco/events")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(StandardWebhooks.ID, id)
                        .header(StandardWebhooks.TIMESTAMP, Long.toString(now))
                        .header(StandardWebhooks.SIGNATURE, StandardWebhooks.sign(SECRET, id, now, body))
                        .bodyValue(body(shipment, "DELIVERED", Map.of()))
                        .exchange(),
                "no v1 signature");

        // a path spelled another way reaches the same handler: the check must not be passed by
        refused(
                carrier.post()
                        .uri(URI.create("http://localhost:" + port + "/api/carriers/parcelco/%65vents"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(StandardWebhooks.ID, id)
                        .bodyValue(body)
                        .exchange(),
                "are all required");

        assertThat(types(history("shipments", shipment.value()))).containsExactly("shipments.ShipmentCreated.v1");
        // the refusals left no receipt behind: the same id, properly signed, is acted on
        send(id, body, Instant.now(), SECRET)
                .expectBody()
                .jsonPath("$.repeated")
                .isEqualTo(false);
        api.awaitOrder(order, o -> o.status() == OrderStatus.SHIPPED);
    }

    @Test
    void unknown_carriers_and_shipments_answer_404_and_bad_or_contradicting_reports_answer_problems() {
        OrderId order = api.anOrder().line(mug, 1).place();
        ShipmentId shipment = api.awaitOrder(order, o -> o.shipmentId() != null).shipmentId();

        carrier.post()
                .uri("/api/carriers/nobody/events")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(shipment, "DISPATCHED", Map.of()))
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/not-found");
        // a carrier may send an Idempotency-Key: reports dedupe by webhook-id, the key is no tenant's and is let be
        byte[] unknown = body(new ShipmentId("shp_unknown"), "DISPATCHED", Map.of());
        String id = "msg_" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        carrier.post()
                .uri("/api/carriers/parcelco/events")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", id)
                .header(StandardWebhooks.ID, id)
                .header(StandardWebhooks.TIMESTAMP, Long.toString(now))
                .header(StandardWebhooks.SIGNATURE, StandardWebhooks.sign(SECRET, id, now, unknown))
                .bodyValue(unknown)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/not-found");
        report(shipment, "LOST_IN_SPACE", Map.of())
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/malformed-request");
        report(shipment, "IN_TRANSIT", Map.of("location", "x".repeat(201)))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("location");
        // before it left the warehouse, it cannot have failed to arrive
        report(shipment, "DELIVERY_FAILED", Map.of("reason", "nobody home"))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("shipment-not-dispatched");
    }

    private WebTestClient.ResponseSpec report(ShipmentId shipment, String status, Map<String, Object> more) {
        return send("msg_" + UUID.randomUUID(), body(shipment, status, more), Instant.now(), SECRET);
    }

    private WebTestClient.ResponseSpec send(String id, byte[] body, Instant at, String secret) {
        long timestamp = at.getEpochSecond();
        return carrier.post()
                .uri("/api/carriers/parcelco/events")
                .contentType(MediaType.APPLICATION_JSON)
                .header(StandardWebhooks.ID, id)
                .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
                .header(StandardWebhooks.SIGNATURE, StandardWebhooks.sign(secret, id, timestamp, body))
                .bodyValue(body)
                .exchange();
    }

    private byte[] body(ShipmentId shipment, String status, Map<String, Object> more) {
        Map<String, Object> report = new HashMap<>(more);
        report.put("shipmentId", shipment.value());
        report.put("status", status);
        try {
            return json.writeValueAsBytes(report);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refused(WebTestClient.ResponseSpec response, String why) {
        response.expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueMatches(HttpHeaders.WWW_AUTHENTICATE, "StandardWebhooks realm=\"carrier parcelco\"")
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("https://conveyor.io/problems/invalid-signature")
                .jsonPath("$.detail")
                .value(detail -> assertThat(detail.toString()).contains(why));
    }

    private void awaitShipment(ShipmentId shipment, Consumer<ShipmentView> expectation) {
        await().atMost(ConveyorApi.PATIENCE).untilAsserted(() -> {
            var result =
                    web.get().uri("/api/shipments/{id}", shipment).exchange().returnResult(ShipmentView.class);
            assertThat(result.getStatus().value()).isEqualTo(200);
            expectation.accept(result.getResponseBody().blockFirst());
        });
    }

    private String paymentOf(OrderId order) {
        for (JsonNode event : history("orders", order.value()).path("events")) {
            if (event.path("type").asText().equals("orders.OrderPaid.v1")) {
                return event.path("payload").path("paymentId").asText();
            }
        }
        throw new AssertionError("order " + order + " was never paid");
    }

    private JsonNode history(String collection, String id) {
        return api.json("/api/" + collection + "/" + id + "/history");
    }

    private static List<String> types(JsonNode history) {
        List<String> types = new ArrayList<>();
        history.path("events").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }
}
