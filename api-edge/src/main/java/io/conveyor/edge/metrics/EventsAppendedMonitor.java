package io.conveyor.edge.metrics;

import io.conveyor.edge.events.EventCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.Message;
import org.axonframework.monitoring.MessageMonitor;

/**
 * Counts the events appended to the store, as {@code conveyor.events.appended} tagged with the event's external
 * {@code type} ({@code orders.OrderPlaced.v1}). Axon reports an event published inside a unit of work as a success
 * only after that unit of work committed, and as a failure when it rolled back: a rolled-back command's events, which
 * never reached the store, are not counted.
 */
class EventsAppendedMonitor implements MessageMonitor<Message<?>> {
    static final String NAME = "conveyor.events.appended";

    private final MeterRegistry meters;
    private final EventCatalogue catalogue;

    EventsAppendedMonitor(MeterRegistry meters, EventCatalogue catalogue) {
        this.meters = meters;
        this.catalogue = catalogue;
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> event) {
        String type = catalogue.typeOf(event.getPayloadType().getName());
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                Counter.builder(NAME)
                        .description("events appended to the event store by this node")
                        .tag("type", type)
                        .register(meters)
                        .increment();
            }

            @Override
            public void reportFailure(Throwable cause) {
                // rolled back: the event was never stored
            }

            @Override
            public void reportIgnored() {
                // not stored either
            }
        };
    }
}
