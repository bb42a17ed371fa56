package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** Processors hear of events stored by this node when their transaction commits, not at their next look. */
class PromptEventSourceTest {
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private final PromptEventSource source = new PromptEventSource(store, true, Duration.ZERO);
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
        PromptEventSource ownStreams = new PromptEventSource(
                privateStore, false, Duration.ofMinutes(10), Duration.ZERO, PromptEventSource.LOOK_EVERY);
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

    /**
     * Every look at a stream of its own is a query. Once the store had nothing more for it, the stream asks again only
     * after this node stored events or the ticker looked for other nodes' (decision 45).
     */
    @Test
    void aDrainedStreamOfItsOwnAsksTheStoreAgainOnlyOnceSomethingWasStored() {
        try (OwnStreams own = new OwnStreams(Duration.ZERO)) {
            when(own.delegate.hasNextAvailable()).thenReturn(false);

            assertThat(own.stream.hasNextAvailable()).isFalse();
            assertThat(own.stream.hasNextAvailable()).isFalse();
            verify(own.delegate, times(1)).hasNextAvailable();

            own.commit();
            when(own.delegate.hasNextAvailable()).thenReturn(true);
            assertThat(own.stream.hasNextAvailable()).isTrue();
            verify(own.delegate, times(2)).hasNextAvailable();
        }
    }

    /** Commits closer together than the read interval are told once: one read and one batch for all of them. */
    @Test
    void commitsWithinTheReadIntervalAreNotToldOneByOne() {
        try (OwnStreams own = new OwnStreams(Duration.ofHours(1))) {
            own.commit();
            own.commit();
            own.commit();

            assertThat(own.told).hasValue(1); // the first at once, after a quiet spell
            // a look the processor makes of its own still reads what the later commits stored
            when(own.delegate.hasNextAvailable()).thenReturn(true);
            assertThat(own.stream.hasNextAvailable()).isTrue();
        }
    }

    @Test
    void aCommitToldLaterIsToldOnceTheIntervalHasPassed() {
        try (OwnStreams own = new OwnStreams(Duration.ofMillis(200))) {
            own.commit();
            own.commit();

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(own.told).hasValueGreaterThanOrEqualTo(2));
        }
    }

    /**
     * A source over a store whose streams are read when asked, with the store's stream and commits under control, and
     * one stream opened on it that counts how often it was told of new events.
     */
    private static final class OwnStreams implements AutoCloseable {
        @SuppressWarnings("unchecked")
        final BlockingStream<TrackedEventMessage<?>> delegate = mock(BlockingStream.class);

        final PromptEventSource source;
        final BlockingStream<TrackedEventMessage<?>> stream;
        final AtomicInteger told = new AtomicInteger();
        private final Consumer<List<? extends EventMessage<?>>> stored;

        @SuppressWarnings({"unchecked", "rawtypes"})
        OwnStreams(Duration readInterval) {
            EventStore store = mock(EventStore.class);
            when(store.openStream(any())).thenReturn((BlockingStream) delegate);
            // the ticker's looks would ask the store too: none during a test
            source = new PromptEventSource(
                    store, false, PromptEventSource.FETCH_WAIT, readInterval, Duration.ofHours(1));
            ArgumentCaptor<Consumer> subscriber = ArgumentCaptor.forClass(Consumer.class);
            verify(store).subscribe(subscriber.capture());
            stored = subscriber.getValue();
            stream = source.openStream(null);
            stream.setOnAvailableCallback(told::incrementAndGet);
        }

        @Override
        public void close() {
            source.shutDown();
        }

        /** What the store tells its subscribers of a commit made outside a unit of work. */
        void commit() {
            stored.accept(List.of(GenericEventMessage.asEventMessage("restocked")));
        }
    }

    private static void commit(EmbeddedEventStore into, String payload) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        into.publish(GenericEventMessage.asEventMessage(payload));
        unitOfWork.commit();
    }
}
