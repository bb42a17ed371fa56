package io.conveyor.projection.support;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * Orders events by a record component they share (e.g. {@code orderId}) instead of by the aggregate that published
 * them. A read model fed by several aggregates about one order then sees that order's events in one segment, in
 * store order. Payloads without the component fall back to per-aggregate ordering.
 */
public final class RecordComponentSequencingPolicy implements SequencingPolicy<EventMessage<?>> {
    private final String component;
    private final Map<Class<?>, Optional<RecordComponent>> accessors = new ConcurrentHashMap<>();

    public RecordComponentSequencingPolicy(String component) {
        this.component = component;
    }

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        return accessors
                .computeIfAbsent(payload.getClass(), this::find)
                .map(accessor -> read(accessor, payload))
                .orElseGet(() -> SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event));
    }

    private Optional<RecordComponent> find(Class<?> type) {
        if (!type.isRecord()) {
            return Optional.empty();
        }
        return Arrays.stream(type.getRecordComponents())
                .filter(c -> c.getName().equals(component))
                .findFirst();
    }

    private static Object read(RecordComponent accessor, Object payload) {
        try {
            return String.valueOf(accessor.getAccessor().invoke(payload));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + accessor.getName() + " of " + payload.getClass(), e);
        }
    }
}
