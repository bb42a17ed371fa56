package io.conveyor.benchmark.platform;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Restock commands over HTTP, closed-loop (a fixed number of clients) or open-loop (a fixed offered rate). */
final class Load {
    private Load() {}

    /** What a run of commands gave: rate of handled commands, their latencies, and how many failed. */
    record Outcome(double commandsPerSecond, Histogram latencies, long failed, double seconds, long handled) {
        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1_000.0;
        }
    }

    /**
     * {@code clients} clients, each sending its next restock when the last was answered, for {@code warmUp} (not
     * counted) and then {@code measured} seconds.
     */
    static Outcome closed(Api api, List<String> products, int clients, double warmUp, double measured)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + seconds(warmUp);
        long end = measureFrom + seconds(measured);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.execute(() -> {
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        return;
                    }
                    boolean ok = restock(api, products);
                    long answered = System.nanoTime();
                    if (ok) {
                        handled.incrementAndGet();
                    }
                    if (sent >= measureFrom && answered <= end) {
                        if (ok) {
                            recorder.recordValue((answered - sent) / 1_000);
                            done.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return new Outcome(
                done.get() / measured, recorder.getIntervalHistogram(), failed.get(), measured, handled.get());
    }

    /**
     * Restocks offered at {@code rate} per second whatever the answers, for {@code warmUp} and then {@code measured}
     * seconds. A command's latency runs from the moment it was due, so a server that falls behind is charged for the
     * queue it causes (no coordinated omission).
     */
    static Outcome open(Api api, List<String> products, double rate, double warmUp, double measured)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong failed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(128);
        long start = System.nanoTime();
        long measureFrom = start + seconds(warmUp);
        long end = measureFrom + seconds(measured);
        double interval = 1e9 / rate;
        for (long i = 0; ; i++) {
            long due = start + (long) (i * interval);
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean counted = due >= measureFrom;
            pool.execute(() -> {
                boolean ok = restock(api, products);
                long answered = System.nanoTime();
                if (counted) {
                    if (ok) {
                        recorder.recordValue((answered - due) / 1_000);
                        done.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double took = (System.nanoTime() - measureFrom) / 1e9;
        return new Outcome(done.get() / took, recorder.getIntervalHistogram(), failed.get(), took, done.get());
    }

    private static boolean restock(Api api, List<String> products) {
        String product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
        try {
            return api.restock(product, 1) == 202;
        } catch (Exception e) {
            return false;
        }
    }

    static long seconds(double s) {
        return (long) (s * 1e9);
    }
}
