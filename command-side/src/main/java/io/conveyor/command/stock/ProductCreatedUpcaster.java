package io.conveyor.command.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conveyor.contracts.stock.ProductCreatedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@link ProductCreatedEvent} revision 1 to 2: {@code priceMinor} becomes {@code unitPriceMinor}. Stored events are
 * never rewritten; every reader (aggregates, projections, the event log) gets revision 2 through this upcaster.
 */
@Component
@Order(0)
public class ProductCreatedUpcaster extends SingleEventUpcaster {
    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(ProductCreatedEvent.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(ProductCreatedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return representation.getType().equals(REVISION_1);
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            event.set("unitPriceMinor", event.remove("priceMinor"));
            return event;
        });
    }
}
