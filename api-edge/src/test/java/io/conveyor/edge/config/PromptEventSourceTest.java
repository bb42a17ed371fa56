package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Processors hear of events stored by this node when their transaction commits, not at their next look. */
class PromptEventSourceTest {
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private final PromptEventSource source = new PromptEventSource(store);

    @AfterEach
    void shutDown() {
        source.shutDown();
        store.shutDown();
    }

    @Test
    void aStreamIsToldOnTheCommittingThreadOnceTheEventsAreCommitted() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        List<Thread> told = new CopyOnWriteArrayList<>();
        assertThat(stream.setOnAvailableCallback(() -> told.add(Thread.currentThread())))
                .isTrue();

        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.onPrepareCommit(u -> assertThat(told).doesNotContain(Thread.currentThread()));
        store.publish(GenericEventMessage.asEventMessage("restocked"));
        unitOfWork.commit();

        // on this thread, in the commit: not the ticker's look, which runs on a thread of its own
        assertThat(told).contains(Thread.currentThread());
        assertThat(stream.hasNextAvailable()).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("restocked");
        assertThat(stream.hasNextAvailable()).isFalse();
        stream.close();
    }

    @Test
    void aClosedStreamIsToldNothing() {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        List<Thread> told = new CopyOnWriteArrayList<>();
        stream.setOnAvailableCallback(() -> told.add(Thread.currentThread()));
        stream.close();

        store.publish(GenericEventMessage.asEventMessage("restocked"));

        assertThat(told).doesNotContain(Thread.currentThread());
    }
}
