package io.conveyor.benchmark.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Command to SSE update: a client of its own tenant watches its products' stream, restocks one of them and times
 * the moment the stream shows the new version. Each probe product is restocked again only after its last change
 * was seen, every {@link #PACE_MILLIS}.
 */
final class SseProbe implements AutoCloseable {
    static final int PRODUCTS = 4;
    private static final long PACE_MILLIS = 200;

    private final Api api;
    private final List<String> products = new ArrayList<>();
    private final Map<String, CompletableFuture<Long>> awaited = new ConcurrentHashMap<>();
    private final SseWatcher watcher;

    SseProbe(Api api) throws Exception {
        this.api = api;
        for (int i = 0; i < PRODUCTS; i++) {
            products.add(api.createProduct(0));
        }
        watcher = SseWatcher.open(api, (id, arrived) -> {
            CompletableFuture<Long> waiting = awaited.remove(id);
            if (waiting != null) {
                waiting.complete(arrived);
            }
        });
        watcher.opened().get(30, TimeUnit.SECONDS);
    }

    /** Latencies seen in the window from {@code warmUp} to {@code warmUp + measured} seconds; missed updates counted. */
    Result run(double warmUp, double measured) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong missed = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + Load.seconds(warmUp);
        long end = measureFrom + Load.seconds(measured);
        List<Thread> threads = new ArrayList<>();
        for (String product : products) {
            threads.add(started(() -> {
                long version = versionOf(product);
                while (System.nanoTime() < end) {
                    long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PACE_MILLIS);
                    version++;
                    CompletableFuture<Long> seen = new CompletableFuture<>();
                    awaited.put(product + ":" + version, seen);
                    long sent = System.nanoTime();
                    try {
                        if (api.restock(product, 1) != 202) {
                            throw new IllegalStateException("probe restock refused");
                        }
                        long arrived = seen.get(10, TimeUnit.SECONDS);
                        if (sent >= measureFrom && arrived <= end) {
                            recorder.recordValue((arrived - sent) / 1_000);
                        }
                    } catch (Exception e) {
                        awaited.remove(product + ":" + version);
                        if (sent >= measureFrom) {
                            missed.incrementAndGet();
                        }
                        version = versionOf(product);
                    }
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(recorder.getIntervalHistogram(), missed.get());
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work, "sse-probe");
        thread.start();
        return thread;
    }

    /** The product's version as its view shows it, once the view has it: a loaded node may be behind. */
    private long versionOf(String product) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return api.get("/api/products/" + product).get("version").asLong();
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }

    record Result(Histogram latencies, long missed) {
        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1_000.0;
        }
    }

    @Override
    public void close() {
        watcher.close();
    }
}
