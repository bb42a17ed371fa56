package io.conveyor.edge.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The event store as the pooled streaming processors read it, telling them as soon as this node has stored events.
 *
 * <p>Axon's embedded store cannot: its streams refuse an availability callback, and a pooled processor whose stream
 * refuses one looks for new events every 500 ms. Every projection, and so every SSE update, then came about 250 ms
 * after its command on average (docs/benchmarks.md). Here each stream accepts the callback; once a transaction that
 * stored events has committed, every stream is told. Events stored by other nodes are still found by looking every
 * {@link #LOOK_EVERY}, as before.
 *
 * <p>How a told stream looks depends on who reads the store. A stream of its own (decision 44) reads the store when
 * asked, after the commit, so it finds the events at once and never waits: a wait would be a wait for nothing, as no
 * other thread fetches for it, and it would hold the processor's coordinator while later commits queue up. A stream fed
 * by another thread (Axon's shared reader, Axon Server's) may be asked before that thread has fetched, so its first
 * look after being told waits up to {@code fetchWait} for the fetch.
 */
final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {
    static final Duration LOOK_EVERY = Duration.ofMillis(500);
    /** How long a look after a commit waits for a shared reader to fetch the new events. */
    static final Duration FETCH_WAIT = Duration.ofMillis(100);

    private final EventStore store;
    private final boolean fedByReader;
    private final Duration fetchWait;
    private final Set<PromptStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-source-ticker");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param fedByReader whether the store's streams are filled by a thread of the store's (Axon's shared reader, Axon
     *     Server's connection) rather than read when asked
     */
    PromptEventSource(EventStore store, boolean fedByReader) {
        this(store, fedByReader, FETCH_WAIT);
    }

    PromptEventSource(EventStore store, boolean fedByReader, Duration fetchWait) {
        this.store = store;
        this.fedByReader = fedByReader;
        this.fetchWait = fetchWait;
        store.subscribe(events -> {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(u -> stored());
            } else {
                stored();
            }
        });
        ticker.scheduleWithFixedDelay(
                () -> streams.forEach(PromptStream::look),
                LOOK_EVERY.toMillis(),
                LOOK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void stored() {
        streams.forEach(PromptStream::stored);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        PromptStream stream = new PromptStream(store.openStream(token));
        streams.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    void shutDown() {
        ticker.shutdownNow();
    }

    /** One processor's stream: read by its coordinator's thread only; told of new events from any thread. */
    private final class PromptStream implements BlockingStream<TrackedEventMessage<?>> {
        private final BlockingStream<TrackedEventMessage<?>> delegate;
        private final AtomicBoolean pending = new AtomicBoolean();
        private volatile Runnable callback;

        PromptStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        void stored() {
            pending.set(true);
            look();
        }

        void look() {
            Runnable c = callback;
            if (c != null) {
                c.run();
            }
        }

        @Override
        public boolean hasNextAvailable() {
            if (delegate.hasNextAvailable()) {
                return true;
            }
            if (!pending.getAndSet(false) || !fedByReader) {
                return false;
            }
            try {
                return delegate.hasNextAvailable((int) fetchWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.callback = callback;
            return true;
        }

        @Override
        public void close() {
            streams.remove(this);
            callback = null;
            delegate.close();
        }
    }
}
