package io.conveyor.edge.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>How a told stream looks depends on who reads the store. A stream fed by another thread (Axon's shared reader,
 * Axon Server's) may be asked before that thread has fetched, so its first look after being told waits up to
 * {@code fetchWait} for the fetch. A stream of its own (decision 44) reads the store when asked, after the commit, so it
 * finds the events at once and never waits: a wait would be a wait for nothing, as no other thread fetches for it.
 * Reading is what costs it, every read a query: such a stream asks the store again only once something was stored or
 * looked for since the store last had nothing more for it, and it is told at most once every {@code readInterval}
 * (decision 45). A commit after a quiet spell is told at once; commits closer together than that are read together, in
 * one query and one batch of each processor, rather than each costing every processor its own reads and transaction.
 */
final class PromptEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {
    static final Duration LOOK_EVERY = Duration.ofMillis(500);
    /** How long a look after a commit waits for a shared reader to fetch the new events. */
    static final Duration FETCH_WAIT = Duration.ofMillis(100);

    private final EventStore store;
    private final boolean fedByReader;
    private final Duration fetchWait;
    private final long readIntervalNanos;
    private final Set<PromptStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-source-ticker");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param fedByReader whether the store's streams are filled by a thread of the store's (Axon's shared reader, Axon
     *     Server's connection) rather than read when asked
     * @param readInterval how often at most a stream of its own is told of this node's commits; zero tells it of every
     *     one
     */
    PromptEventSource(EventStore store, boolean fedByReader, Duration readInterval) {
        this(store, fedByReader, FETCH_WAIT, readInterval, LOOK_EVERY);
    }

    PromptEventSource(
            EventStore store, boolean fedByReader, Duration fetchWait, Duration readInterval, Duration lookEvery) {
        this.store = store;
        this.fedByReader = fedByReader;
        this.fetchWait = fetchWait;
        this.readIntervalNanos = readInterval.toNanos();
        store.subscribe(events -> {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(u -> stored());
            } else {
                stored();
            }
        });
        ticker.scheduleWithFixedDelay(
                () -> streams.forEach(PromptStream::look),
                lookEvery.toMillis(),
                lookEvery.toMillis(),
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
        /** Counts what may have put events in the store for this stream: this node's commits and the ticker's looks. */
        private final AtomicLong stirred = new AtomicLong();
        /** {@link #stirred} when the store last had nothing more for this stream. */
        private volatile long drainedAt = -1;

        private final AtomicBoolean tellDue = new AtomicBoolean();
        private volatile long toldAt = System.nanoTime() - readIntervalNanos;
        private volatile Runnable callback;

        PromptStream(BlockingStream<TrackedEventMessage<?>> delegate) {
            this.delegate = delegate;
        }

        void stored() {
            pending.set(true);
            stirred.incrementAndGet();
            if (fedByReader) {
                tell();
                return;
            }
            if (tellDue.get()) {
                return; // a tell is on its way; the read it causes comes after this commit
            }
            long wait = toldAt + readIntervalNanos - System.nanoTime();
            if (wait <= 0) {
                toldAt = System.nanoTime();
                tell();
            } else if (tellDue.compareAndSet(false, true)) {
                try {
                    ticker.schedule(
                            () -> {
                                tellDue.set(false);
                                toldAt = System.nanoTime();
                                tell();
                            },
                            wait,
                            TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException shuttingDown) {
                    tellDue.set(false);
                }
            }
        }

        /** Events stored by other nodes are told by nobody: the ticker looks for them. */
        void look() {
            stirred.incrementAndGet();
            tell();
        }

        private void tell() {
            Runnable c = callback;
            if (c != null) {
                c.run();
            }
        }

        @Override
        public boolean hasNextAvailable() {
            if (!fedByReader) {
                long seen = stirred.get();
                if (seen == drainedAt) {
                    return false; // nothing stored or looked for since the store last had nothing more
                }
                if (delegate.hasNextAvailable()) {
                    return true;
                }
                drainedAt = seen;
                return false;
            }
            if (delegate.hasNextAvailable()) {
                return true;
            }
            if (!pending.getAndSet(false)) {
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
