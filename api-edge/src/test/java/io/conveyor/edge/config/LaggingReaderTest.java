package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
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
 * The embedded store's shared cache must not be held by a reader that stopped reading: once the reader falls behind
 * the cache, the store lets it go, and the events it held can be collected. With Axon's default check every 10 s, a
 * fast store reader filled the heap before that happened.
 */
class LaggingReaderTest {

    @Test
    void a_reader_that_stops_reading_lets_go_of_the_cached_events_within_a_second_or_so() throws Exception {
        EmbeddedEventStore store = EventStorageConfiguration.store(
                new CopyingEngine(),
                NoOpMessageMonitor.INSTANCE,
                DefaultEventBusSpanFactory.builder()
                        .spanFactory(NoOpSpanFactory.INSTANCE)
                        .build());
        try {
            store.publish(event(0));
            BlockingStream<TrackedEventMessage<?>> reader = store.openStream(null);
            assertThat(reader.nextAvailable().getPayload()).isEqualTo(0);
            assertThat(reader.hasNextAvailable()).isFalse(); // at the head: it now tails the shared cache
            store.publish(event(1));
            WeakReference<TrackedEventMessage<?>> cached = new WeakReference<>(reader.nextAvailable());
            assertThat(cached.get()).isNotNull();

            // the reader stops reading while far more than the cache holds is stored
            store.publish(IntStream.range(2, 20_002)
                    .mapToObj(LaggingReaderTest::event)
                    .toList());

            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        System.gc();
                        return cached.get() == null;
                    });
        } finally {
            store.shutDown();
        }
    }

    private static EventMessage<Integer> event(int n) {
        return GenericEventMessage.asEventMessage(n);
    }

    /** Hands out a new message object on every read, as a database-backed engine does. */
    private static final class CopyingEngine extends InMemoryEventStorageEngine {
        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return super.readEvents(trackingToken, mayBlock)
                    .map(m -> new GenericTrackedEventMessage<>(m.trackingToken(), (EventMessage<?>) m));
        }
    }
}
