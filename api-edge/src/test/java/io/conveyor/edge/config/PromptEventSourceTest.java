package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
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
    private final PromptEventSource source = new PromptEventSource(store, true);
    private final EmbeddedEventStore privateStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .optimizeEventConsumption(false)
            .build();

    @AfterEach
    void shutDown() {
        source.shutDown();
        store.shutDown();
        privateStore.shutDown();
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

    /**
     * A stream of its own has read all there is once it is drained: waiting for a fetch after being told would hold
     * the processor's coordinator for the whole wait, as nothing fetches for it (decision 44).
     */
    @Test
    void aDrainedStreamOfItsOwnDoesNotWaitForAFetch() throws Exception {
        PromptEventSource ownStreams = new PromptEventSource(privateStore, false, Duration.ofMinutes(10));
        try {
            BlockingStream<TrackedEventMessage<?>> stream = ownStreams.openStream(null);
            stream.setOnAvailableCallback(() -> {});
            commit(privateStore, "restocked");
            commit(privateStore, "reserved");

            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("restocked");
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("reserved");
            // told twice, and both events read: a wait would last ten minutes
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(30), () -> stream.hasNextAvailable()))
                    .isFalse();
            stream.close();
        } finally {
            ownStreams.shutDown();
        }
    }

    private static void commit(EmbeddedEventStore into, String payload) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        into.publish(GenericEventMessage.asEventMessage(payload));
        unitOfWork.commit();
    }
}
