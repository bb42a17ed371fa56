package io.conveyor.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.edge.events.EventCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events reach the store when their unit of work commits; one that rolls back stored nothing, and counts nothing. */
class EventsAppendedMonitorTest {
    private static final String RESTOCKED = "products.ProductRestocked.v1";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(storage)
            .messageMonitor(new EventsAppendedMonitor(meters, new EventCatalogue()))
            .build();

    @AfterEach
    void stop() {
        store.shutDown();
    }

    @Test
    void counts_by_external_type_once_the_unit_of_work_commits() {
        DefaultUnitOfWork<?> unitOfWork =
                DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("a command"));
        store.publish(restocked(), restocked());
        assertThat(appended(RESTOCKED)).as("applied, not yet stored").isZero();

        unitOfWork.commit();

        assertThat(appended(RESTOCKED)).isEqualTo(2);
        assertThat(stored()).isEqualTo(2);
    }

    @Test
    void counts_nothing_when_the_unit_of_work_rolls_back() {
        DefaultUnitOfWork<?> unitOfWork =
                DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("a command"));
        store.publish(restocked());

        unitOfWork.rollback(new IllegalStateException("the command failed after applying"));

        assertThat(appended(RESTOCKED)).isZero();
        assertThat(stored()).isZero();
    }

    @Test
    void an_event_outside_the_catalogue_keeps_its_java_name() {
        store.publish(GenericEventMessage.asEventMessage(new Unlisted()));

        assertThat(appended(Unlisted.class.getName())).isEqualTo(1);
    }

    private static GenericEventMessage<ProductRestockedEvent> restocked() {
        return new GenericEventMessage<>(new ProductRestockedEvent(new ProductId("prd_1"), 5, 15, 0));
    }

    private long stored() {
        try (var events = storage.readEvents(null, false)) {
            return events.count();
        }
    }

    private double appended(String type) {
        Counter counter =
                meters.find(EventsAppendedMonitor.NAME).tag("type", type).counter();
        return counter == null ? 0 : counter.count();
    }

    private record Unlisted() {}
}
