package io.conveyor.command.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.payment.PaymentAttemptFailedEvent;
import io.conveyor.contracts.payment.PaymentAuthorisedEvent;
import io.conveyor.contracts.payment.PaymentId;
import io.conveyor.contracts.payment.RequestPaymentCommand;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.StockReservedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;

/** The saga store keeps sagas as JSON: a saga that serialises to {} would forget its order between events. */
class OrderFulfilmentSagaSerialisationTest {
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final RecordingCommandBus bus = new RecordingCommandBus(); // accepts every command
    private final CommandGateway commands =
            DefaultCommandGateway.builder().commandBus(bus).build();

    @Test
    void keeps_its_order_lines_and_their_states_across_a_round_trip() throws Exception {
        OrderId order = new OrderId("ord_1");
        ProductId mug = new ProductId("prd_mug");
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        saga.on(
                new OrderPlacedEvent(
                        order, new CustomerId("cus_1"), List.of(new OrderLine(mug, 2, 1250)), 2500, "EUR", "tok_visa"),
                commands);

        SerializedObject<byte[]> stored = serializer.serialize(saga, byte[].class);
        OrderFulfilmentSaga restored = serializer.deserialize(stored);
        SerializedObject<byte[]> storedAgain = serializer.serialize(restored, byte[].class);

        JsonNode json = new ObjectMapper().readTree(stored.getData());
        assertThat(json.path("orderId").asText()).isEqualTo("ord_1");
        assertThat(json.path("lines").get(0).path("state").asText()).isEqualTo("PENDING");
        assertThat(json.path("totalMinor").asLong()).isEqualTo(2500);
        assertThat(new ObjectMapper().readTree(storedAgain.getData())).isEqualTo(json);
    }

    @Test
    void a_restored_saga_goes_on_where_it_stopped() {
        OrderId order = new OrderId("ord_2");
        ProductId mug = new ProductId("prd_mug");
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        saga.on(
                new OrderPlacedEvent(
                        order, new CustomerId("cus_1"), List.of(new OrderLine(mug, 1, 100)), 100, "EUR", "tok_visa"),
                commands);
        OrderFulfilmentSaga restored = serializer.deserialize(serializer.serialize(saga, byte[].class));

        RecordingDeadlines deadlines = new RecordingDeadlines();
        restored.on(
                new StockReservedEvent(mug, order, 1, 0, 1),
                Instant.now(),
                commands,
                deadlines,
                TestSettings.paymentTimeout(Duration.ofSeconds(30)));

        // only a saga that remembered its single line knows that every line is now reserved
        assertThat(deadlines.scheduled).containsExactly(OrderFulfilmentSaga.PAYMENT_DEADLINE);
    }

    @Test
    void a_restored_saga_remembers_the_retry_it_waits_for() {
        OrderId order = new OrderId("ord_3");
        ProductId mug = new ProductId("prd_mug");
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        saga.on(
                new OrderPlacedEvent(
                        order, new CustomerId("cus_1"), List.of(new OrderLine(mug, 1, 100)), 100, "EUR", "tok_visa"),
                commands);
        RecordingDeadlines deadlines = new RecordingDeadlines();
        FulfilmentSettings settings = TestSettings.paymentTimeout(Duration.ofSeconds(30));
        saga.on(new StockReservedEvent(mug, order, 1, 0, 1), Instant.now(), commands, deadlines, settings);
        PaymentId payment = requestedPayment();
        saga.on(new PaymentAttemptFailedEvent(payment, order, 1, "circuit-open"), Instant.now(), deadlines, settings);

        OrderFulfilmentSaga restored = serializer.deserialize(serializer.serialize(saga, byte[].class));
        restored.on(new PaymentAuthorisedEvent(payment, order, 100, "EUR", "sim_1"), commands, deadlines);

        assertThat(deadlines.scheduled)
                .containsExactly(OrderFulfilmentSaga.PAYMENT_DEADLINE, OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE);
        // only a saga that remembered both deadlines cancels them once the answer is in
        assertThat(deadlines.cancelled)
                .containsExactly(OrderFulfilmentSaga.PAYMENT_DEADLINE, OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE);
    }

    @Test
    void a_restored_saga_still_knows_when_its_payment_is_due() {
        OrderId order = new OrderId("ord_4");
        ProductId mug = new ProductId("prd_mug");
        Instant reserved = Instant.parse("2026-11-23T10:00:00Z");
        FulfilmentSettings settings = TestSettings.paymentTimeout(Duration.ofSeconds(30));
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        saga.on(
                new OrderPlacedEvent(
                        order, new CustomerId("cus_1"), List.of(new OrderLine(mug, 1, 100)), 100, "EUR", "tok_visa"),
                commands);
        saga.on(new StockReservedEvent(mug, order, 1, 0, 1), reserved, commands, new RecordingDeadlines(), settings);
        PaymentId payment = requestedPayment();
        byte[] stored = serializer.serialize(saga, byte[].class).getData();

        RecordingDeadlines late = new RecordingDeadlines();
        restore(stored)
                .on(
                        new PaymentAttemptFailedEvent(payment, order, 1, "call-failed"),
                        reserved.plusSeconds(29),
                        late,
                        settings);
        RecordingDeadlines early = new RecordingDeadlines();
        restore(stored)
                .on(
                        new PaymentAttemptFailedEvent(payment, order, 1, "call-failed"),
                        reserved.plusSeconds(5),
                        early,
                        settings);

        assertThat(late.scheduled)
                .as("a retry 1 s later would come after the deadline")
                .isEmpty();
        assertThat(early.scheduled).containsExactly(OrderFulfilmentSaga.PAYMENT_RETRY_DEADLINE);
    }

    private OrderFulfilmentSaga restore(byte[] stored) {
        return serializer.deserialize(
                new SimpleSerializedObject<>(stored, byte[].class, OrderFulfilmentSaga.class.getName(), null));
    }

    private PaymentId requestedPayment() {
        return bus.getDispatchedCommands().stream()
                .map(c -> c.getPayload())
                .filter(RequestPaymentCommand.class::isInstance)
                .map(c -> ((RequestPaymentCommand) c).paymentId())
                .reduce((first, last) -> last)
                .orElseThrow();
    }

    private static final class RecordingDeadlines extends org.axonframework.test.deadline.StubDeadlineManager {
        final List<String> scheduled = new java.util.ArrayList<>();
        final List<String> cancelled = new java.util.ArrayList<>();

        @Override
        public String schedule(Duration triggerDuration, String deadlineName, Object messageOrPayload) {
            scheduled.add(deadlineName);
            return deadlineName;
        }

        @Override
        public void cancelSchedule(String deadlineName, String scheduleId) {
            cancelled.add(deadlineName);
        }
    }
}
