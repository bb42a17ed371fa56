package io.conveyor.command.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLine;
import io.conveyor.contracts.order.OrderPlacedEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.StockReservedEvent;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;

/** The saga store keeps sagas as JSON: a saga that serialises to {} would forget its order between events. */
class OrderFulfilmentSagaSerialisationTest {
    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final CommandGateway commands = DefaultCommandGateway.builder()
            .commandBus(new RecordingCommandBus()) // accepts every command
            .build();

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
                commands,
                deadlines,
                new FulfilmentSettings(java.time.Duration.ofSeconds(30)));

        // only a saga that remembered its single line knows that every line is now reserved
        assertThat(deadlines.scheduled).containsExactly(OrderFulfilmentSaga.PAYMENT_DEADLINE);
    }

    private static final class RecordingDeadlines extends org.axonframework.test.deadline.StubDeadlineManager {
        final List<String> scheduled = new java.util.ArrayList<>();

        @Override
        public String schedule(java.time.Duration triggerDuration, String deadlineName, Object messageOrPayload) {
            scheduled.add(deadlineName);
            return deadlineName;
        }
    }
}
