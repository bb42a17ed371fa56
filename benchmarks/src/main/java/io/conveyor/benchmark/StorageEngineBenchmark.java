package io.conveyor.benchmark;

import io.conveyor.edge.config.EventStorageSettings;
import io.conveyor.edge.config.EventStorageSettings.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * The event storage engines side by side on one database, in the shapes the application uses them:
 *
 * <ul>
 *   <li><b>append</b>: concurrent writers, one transaction per command, two events per command, as a command handler
 *       appends them;
 *   <li><b>load</b>: every aggregate's events read back in a transaction, as a command loads its aggregate;
 *   <li><b>replay</b>: the whole log read from the start by one reader, payloads deserialised, as a processor replays;
 *   <li><b>tail</b>: a reader following the log while the writers run; it must see every event once, though concurrent
 *       transactions commit their global indexes out of order (the engines' gap tracking).
 * </ul>
 *
 * Each run gets a fresh database with the application's own migrations.
 */
final class StorageEngineBenchmark {
    static final int EVENTS_PER_COMMAND = 2;
    static final int COMMANDS_PER_AGGREGATE = 10;
    private static final long IDLE_POLL = TimeUnit.MILLISECONDS.toNanos(5);

    /** One engine and its settings; the first variant of a run is the baseline its ratios refer to. */
    record Variant(String name, EventStorageSettings settings) {
        static Variant of(Engine engine, int batchSize) {
            return new Variant(
                    engine.name().toLowerCase() + ", batch " + batchSize,
                    // the benchmark's events carry no tenant: the JPA engine storing them as the default tenant's
                    // loses nothing
                    new EventStorageSettings(engine, batchSize, Duration.ofSeconds(60), 10_000, true, false));
        }
    }

    /** How much work one measurement does. */
    record Workload(int events, int writers) {
        int aggregates() {
            return events / (EVENTS_PER_COMMAND * COMMANDS_PER_AGGREGATE);
        }
    }

    /** What one measurement saw. Rates are per second of wall-clock time. */
    record Result(
            double appendedEventsPerSecond,
            double loadedAggregatesPerSecond,
            double replayedEventsPerSecond,
            long tailSeen,
            long tailDuplicates) {}

    private StorageEngineBenchmark() {}

    static Result measure(BenchmarkDatabase.Vendor vendor, EventStorageSettings settings, Workload workload) {
        try (BenchmarkDatabase db = BenchmarkDatabase.create(vendor, workload.writers() + 2);
                StoreUnderTest store = StoreUnderTest.open(db, settings)) {
            Tail tail = new Tail(store);
            Thread tailing = new Thread(tail, "tail");
            tailing.start();
            double append = rate(workload.events(), () -> append(store, workload));
            tail.awaitCount(workload.events());
            tail.stop();
            joinQuietly(tailing);
            double load = rate(workload.aggregates(), () -> load(store, workload));
            double replay = rate(workload.events(), () -> replay(store, workload.events()));
            return new Result(append, load, replay, tail.seen.size(), tail.duplicates.get());
        }
    }

    private static void append(StoreUnderTest store, Workload workload) {
        inParallel(workload.writers(), writer -> {
            for (int command = 0; command < COMMANDS_PER_AGGREGATE; command++) {
                for (int aggregate = writer; aggregate < workload.aggregates(); aggregate += workload.writers()) {
                    String id = aggregateId(aggregate);
                    long first = (long) command * EVENTS_PER_COMMAND;
                    List<DomainEventMessage<?>> events = new ArrayList<>(EVENTS_PER_COMMAND);
                    for (int i = 0; i < EVENTS_PER_COMMAND; i++) {
                        events.add(new GenericDomainEventMessage<>(
                                "Product", id, first + i, new StockMoved(id, "ord_" + command, 1, 100 - command, i)));
                    }
                    store.transactions.executeInTransaction(() -> store.engine.appendEvents(events));
                }
            }
        });
    }

    private static void load(StoreUnderTest store, Workload workload) {
        long expected = (long) EVENTS_PER_COMMAND * COMMANDS_PER_AGGREGATE;
        inParallel(workload.writers(), reader -> {
            for (int aggregate = reader; aggregate < workload.aggregates(); aggregate += workload.writers()) {
                String id = aggregateId(aggregate);
                long count = store.transactions.fetchInTransaction(() -> store.engine
                        .readEvents(id)
                        .asStream()
                        .map(DomainEventMessage::getPayload)
                        .count());
                if (count != expected) {
                    throw new IllegalStateException(id + " loaded " + count + " events, not " + expected);
                }
            }
        });
    }

    private static void replay(StoreUnderTest store, int events) {
        long count;
        try (var stream = store.engine.readEvents((TrackingToken) null, false)) {
            count = stream.map(TrackedEventMessage::getPayload).count();
        }
        if (count != events) {
            throw new IllegalStateException("replay read " + count + " events, not " + events);
        }
    }

    private static String aggregateId(int aggregate) {
        return "prd_bench_" + aggregate;
    }

    private static double rate(int units, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return units / ((System.nanoTime() - start) / 1e9);
    }

    private static void inParallel(int threads, IntConsumer work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = IntStream.range(0, threads)
                    .<Future<?>>mapToObj(t -> pool.submit(() -> work.accept(t)))
                    .toList();
            for (Future<?> f : running) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("a worker failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Follows the log from the start with the engine's own tracking tokens, as a streaming processor does. */
    private static final class Tail implements Runnable {
        final Set<String> seen = new HashSet<>();
        final AtomicLong duplicates = new AtomicLong();
        private final StoreUnderTest store;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Object progress = new Object();
        private volatile Throwable failure;

        Tail(StoreUnderTest store) {
            this.store = store;
        }

        @Override
        public void run() {
            TrackingToken token = null;
            try {
                while (running.get()) {
                    TrackingToken last = token;
                    try (var batch = store.engine.readEvents(token, false)) {
                        for (var it = batch.iterator(); it.hasNext(); ) {
                            TrackedEventMessage<?> event = it.next();
                            last = event.trackingToken();
                            synchronized (progress) {
                                if (!seen.add(event.getIdentifier())) {
                                    duplicates.incrementAndGet();
                                }
                                progress.notifyAll();
                            }
                        }
                    }
                    if (last == token) {
                        LockSupport.parkNanos(IDLE_POLL); // nothing new: ask again shortly, as a processor polls
                    }
                    token = last;
                }
            } catch (Throwable e) {
                failure = e;
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        }

        void awaitCount(int events) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            synchronized (progress) {
                while (seen.size() < events && failure == null && System.nanoTime() < deadline) {
                    try {
                        progress.wait(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while the tail caught up", e);
                    }
                }
            }
            if (failure != null) {
                throw new IllegalStateException("the tail failed", failure);
            }
        }

        void stop() {
            running.set(false);
        }
    }

    /** A stock movement: the size and shape of the application's busiest events. */
    record StockMoved(String productId, String orderId, int quantity, int available, int reserved) {}
}
