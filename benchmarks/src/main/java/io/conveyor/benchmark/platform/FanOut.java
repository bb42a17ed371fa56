package io.conveyor.benchmark.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * Many SSE subscribers on one node: every one watches the same tenant's products; one restock must reach them all.
 * Heap is read from the node's own metrics after a full collection.
 */
final class FanOut {
    private FanOut() {}

    record Result(
            int subscribers,
            double connectSeconds,
            long heapAfterGcBytes,
            long heapMaxBytes,
            Histogram latencies,
            long missing,
            double nodeCpuMillisPerUpdate,
            double clientCpuMillisPerUpdate,
            double nodeCpuSecondsToOpen) {
        double millis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1_000.0;
        }
    }

    /** With {@code histogram} set, the full collection is the one that writes the node's class histogram there. */
    static Result run(Node node, Api api, int subscribers, int updates, Path histogram) throws Exception {
        String product = api.createProduct(0);
        // connections spread over several clients, as over many browsers; one client's pool would hold them all
        List<Api> clients = new ArrayList<>();
        for (int i = 0; i < Math.max(1, subscribers / 2_000); i++) {
            clients.add(new Api(
                    HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(Duration.ofSeconds(30))
                            .build(),
                    api.baseUrl(),
                    api.bearer()));
        }
        Map<String, AtomicLongArray> arrivals = new ConcurrentHashMap<>(); // id -> one arrival per subscriber, by index
        List<SseWatcher> watchers = new ArrayList<>();
        long start = System.nanoTime();
        ProcessHandle nodeProcess = ProcessHandle.of(node.pid()).orElseThrow();
        long nodeCpuAtStart = cpuNanos(nodeProcess);
        List<CompletableFuture<Void>> opening = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            int index = i;
            SseWatcher watcher = SseWatcher.open(
                    clients.get(i % clients.size()),
                    (id, arrived) -> arrivals.computeIfAbsent(id, k -> new AtomicLongArray(subscribers))
                            .set(index, arrived));
            watchers.add(watcher);
            opening.add(watcher.opened());
            if (opening.size() == 250) { // a burst the server's accept queue takes
                CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
                        .get(2, TimeUnit.MINUTES);
                opening.clear();
            }
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        double nodeCpuToOpen = cpuMillisSince(nodeProcess, nodeCpuAtStart) / 1_000;
        Histogram latencies = new Histogram(3);
        AtomicLong missing = new AtomicLong();
        long version = api.get("/api/products/" + product).get("version").asLong();
        // CPU time moves far less than latency with whatever else the machine runs: it says what an update costs
        long nodeCpuBefore = cpuNanos(nodeProcess);
        long clientCpuBefore = cpuNanos(ProcessHandle.current());
        for (int u = 0; u < updates; u++) {
            version++;
            String id = product + ":" + version;
            long sent = System.nanoTime();
            if (api.restock(product, 1) != 202) {
                throw new IllegalStateException("restock refused");
            }
            long deadline = sent + TimeUnit.SECONDS.toNanos(30);
            while (!allArrived(arrivals.get(id)) && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            AtomicLongArray seen = arrivals.get(id);
            for (int i = 0; i < subscribers; i++) {
                long at = seen == null ? 0 : seen.get(i);
                if (at == 0) {
                    missing.incrementAndGet();
                } else {
                    latencies.recordValue(Math.max(0, (at - sent) / 1_000));
                }
            }
        }
        double nodeCpu = cpuMillisSince(nodeProcess, nodeCpuBefore) / updates;
        double clientCpu = cpuMillisSince(ProcessHandle.current(), clientCpuBefore) / updates;
        long heapAfterGc = heapAfterFullGc(node, api, histogram);
        long heapMax = metric(api, "jvm.memory.max", "area:heap");
        watchers.forEach(SseWatcher::close);
        return new Result(
                subscribers,
                connectSeconds,
                heapAfterGc,
                heapMax,
                latencies,
                missing.get(),
                nodeCpu,
                clientCpu,
                nodeCpuToOpen);
    }

    /** CPU time a process has used, user and system: -1 where the platform does not tell. */
    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** CPU milliseconds a process has used since {@code before}; not a number where the platform does not tell. */
    private static double cpuMillisSince(ProcessHandle process, long before) {
        long now = cpuNanos(process);
        return before < 0 || now < 0 ? Double.NaN : (now - before) / 1e6;
    }

    private static boolean allArrived(AtomicLongArray seen) {
        if (seen == null) {
            return false;
        }
        for (int i = 0; i < seen.length(); i++) {
            if (seen.get(i) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Heap in use after a full collection, which the JDK's {@code jcmd} asks the node for. */
    private static long heapAfterFullGc(Node node, Api api, Path histogram) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        // a class histogram collects the heap in full before it counts
        new ProcessBuilder(
                        jcmd.toString(), Long.toString(node.pid()), histogram == null ? "GC.run" : "GC.class_histogram")
                .redirectErrorStream(true)
                .redirectOutput(
                        histogram == null
                                ? ProcessBuilder.Redirect.DISCARD
                                : ProcessBuilder.Redirect.to(histogram.toFile()))
                .start()
                .waitFor(60, TimeUnit.SECONDS);
        return metric(api, "jvm.memory.used", "area:heap");
    }

    static long metric(Api api, String name, String tag) {
        JsonNode measurements =
                api.get("/actuator/metrics/" + name + "?tag=" + tag).get("measurements");
        return (long) measurements.get(0).get("value").asDouble();
    }
}
