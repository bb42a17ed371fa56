package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DefaultEventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.axonframework.tracing.NoOpSpanFactory;
import org.junit.jupiter.api.Test;

/**
 * A reader of the event store that stops reading must not hold the events stored after it. With Axon's default, a
 * shared reader fetched them into a cache that the stalled reader kept reachable, until a check every 10 s let it go,
 * and with a large backlog the heap filled first; in two runs of the benchmark the check did not let go at all.
 */
class LaggingReaderTest {

    @Test
    void a_reader_that_stops_reading_holds_none_of_the_events_stored_after_it() throws Exception {
        CopyingEngine engine = new CopyingEngine();
        EmbeddedEventStore store = store(engine, false);
        try {
            stallAReaderAndStoreMore(store);
            // at most the last events it read stay reachable, through the reader's own position
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        System.gc();
                        return engine.reachable() <= 2;
                    });
        } finally {
            store.shutDown();
        }
    }

    @Test
    void axons_shared_reader_fetches_and_keeps_them_all_the_same() throws Exception {
        CopyingEngine engine = new CopyingEngine();
        EmbeddedEventStore store = store(engine, true);
        try {
            stallAReaderAndStoreMore(store);
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        System.gc();
                        return engine.reachable() >= 10_000;
                    });
        } finally {
            store.shutDown();
        }
    }

    private static EmbeddedEventStore store(CopyingEngine engine, boolean sharedReader) {
        return EventStorageConfiguration.store(
                engine,
                NoOpMessageMonitor.INSTANCE,
                DefaultEventBusSpanFactory.builder()
                        .spanFactory(NoOpSpanFactory.INSTANCE)
                        .build(),
                sharedReader);
    }

    /** A reader reads to the head and stops; then far more than Axon's shared cache (10,000) is stored. */
    private static void stallAReaderAndStoreMore(EmbeddedEventStore store) throws InterruptedException {
        store.publish(event(0));
        BlockingStream<TrackedEventMessage<?>> reader = store.openStream(null);
        assertThat(reader.nextAvailable().getPayload()).isEqualTo(0);
        assertThat(reader.hasNextAvailable()).isFalse(); // at the head, where Axon's default shares one reader
        store.publish(event(1));
        assertThat(reader.nextAvailable().getPayload()).isEqualTo(1);
        store.publish(
                IntStream.range(2, 20_002).mapToObj(LaggingReaderTest::event).toList());
    }

    private static EventMessage<Integer> event(int n) {
        return GenericEventMessage.asEventMessage(n);
    }

    /** Hands out a new message object on every read, as a database-backed engine does, and counts those still held. */
    private static final class CopyingEngine extends InMemoryEventStorageEngine {
        private final Queue<WeakReference<TrackedEventMessage<?>>> handedOut = new ConcurrentLinkedQueue<>();

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return super.readEvents(trackingToken, mayBlock).map(m -> {
                TrackedEventMessage<?> copy = new GenericTrackedEventMessage<>(m.trackingToken(), (EventMessage<?>) m);
                handedOut.add(new WeakReference<>(copy));
                return copy;
            });
        }

        long reachable() {
            return handedOut.stream().filter(r -> r.get() != null).count();
        }
    }
}
