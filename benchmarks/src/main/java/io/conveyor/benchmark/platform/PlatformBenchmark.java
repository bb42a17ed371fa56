package io.conveyor.benchmark.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The platform benchmark: Conveyor and the same code on Axon's defaults, each started as a node of its own and
 * loaded over HTTP from this process, back to back and alternating, beside the database's own speed. {@link Report}
 * turns the rounds into the tables and plots of {@code docs/benchmarks.md}.
 */
public final class PlatformBenchmark {
    static final int CLIENTS = 32;
    static final String TENANT = "default";

    /** What a node runs with. */
    enum Config {
        CONVEYOR("Conveyor", List.of()),
        /** Axon's defaults for the same code (docs/operations.md: settings that reproduce them). */
        STOCK_AXON(
                "stock Axon",
                List.of(
                        "--conveyor.processing.mode=tracking",
                        "--conveyor.event-store.engine=jpa",
                        "--conveyor.event-store.jpa-single-tenant=true",
                        "--conveyor.event-store.batch-size=100",
                        "--conveyor.event-store.shared-reader=true",
                        "--conveyor.aggregates.cache=false",
                        "--conveyor.aggregates.snapshot-threshold=0",
                        // Axon's time limit on each event handler's call, which Conveyor's configuration leaves out
                        "--axon.timeout.handler.events.timeout-ms=30000",
                        "--axon.timeout.handler.events.warning-threshold-ms=10000"));

        final String label;
        final List<String> arguments;

        Config(String label, List<String> arguments) {
            this.label = label;
            this.arguments = arguments;
        }
    }

    /** How much work each part does; {@code --quick} keeps the whole run under five minutes. */
    record Options(
            boolean quick,
            int repetitions,
            boolean h2,
            double warmUp,
            double measured,
            int products,
            long replayEvents,
            int fanOutSubscribers,
            List<Long> growth,
            int coldStarts,
            Path plots,
            List<Config> configs,
            List<String> parts,
            boolean profile,
            List<String> conveyorSettings) {

        static Options parse(List<String> arguments) {
            boolean quick = arguments.contains("--quick");
            return new Options(
                    quick,
                    Integer.parseInt(option(arguments, "repetitions", quick ? "1" : "3")),
                    !option(arguments, "db", "both").equals("postgres"),
                    Double.parseDouble(option(arguments, "warm-up", quick ? "4" : "30")),
                    Double.parseDouble(option(arguments, "measure", quick ? "5" : "20")),
                    quick ? 200 : 1000,
                    Long.parseLong(option(arguments, "replay-events", quick ? "5000" : "50000")),
                    Integer.parseInt(option(arguments, "subscribers", quick ? "500" : "10000")),
                    java.util.Arrays.stream(option(arguments, "growth", quick ? "5000,10000" : "10000,100000,1000000")
                                    .split(","))
                            .map(Long::parseLong)
                            .toList(),
                    quick ? 1 : 3,
                    Path.of(option(arguments, "plots", "benchmarks/target/plots")),
                    java.util.Arrays.stream(option(arguments, "configs", "stock-axon,conveyor")
                                    .split(","))
                            .map(c -> Config.valueOf(
                                    c.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_')))
                            .toList(),
                    // the quick run leaves out H2: it checks that every part works, in under five minutes
                    List.of(option(
                                    arguments,
                                    "parts",
                                    quick ? "rounds,fan-out,growth,cold-start" : "rounds,h2,fan-out,growth,cold-start")
                            .split(",")),
                    arguments.contains("--profile"),
                    // a setting of the Conveyor node's own or of Axon's, to compare one choice with another in the
                    // same run
                    arguments.stream()
                            .filter(a -> a.startsWith("--conveyor.") || a.startsWith("--axon."))
                            .toList());
        }
    }

    /** One configuration's measurements on PostgreSQL in one repetition. */
    record Round(
            Config config,
            Load.Outcome throughput,
            double eventsPerSecond,
            double rawSameShape,
            double rawBatched,
            List<Point> latencyByLoad,
            double replayEventsPerSecond,
            long replayedEvents,
            double rawReadEventsPerSecond) {}

    /** Latencies at one offered rate: the commands', and the time from a command to its SSE update. */
    record Point(double fraction, double offered, Load.Outcome commands, SseProbe.Result sse) {}

    record Growth(long events, Load.Outcome outcome) {}

    record ColdStart(String how, double seconds) {}

    private PlatformBenchmark() {}

    public static String run(List<String> arguments) throws Exception {
        Options options = Options.parse(arguments);
        Path devKey = Database.scratch("dev-jwt-key.json");
        io.conveyor.edge.security.DevKeys.at(devKey); // created once, before any node would race to create it
        Report report = new Report(options);
        List<Config> configs = options.configs();
        for (int r = 0; r < (options.parts().contains("rounds") ? options.repetitions() : 0); r++) {
            List<Config> order = new ArrayList<>(configs);
            Collections.rotate(order, r); // each repetition starts with the other configuration
            for (Config config : order) {
                log("PostgreSQL, repetition %d: %s", r + 1, config.label);
                report.round(round(config, options, devKey, r == 0 && !options.quick()));
            }
        }
        if (options.h2() && options.parts().contains("h2")) {
            for (Config config : configs) {
                log("embedded H2: %s", config.label);
                report.h2(config, h2Throughput(config, options, devKey));
            }
        }
        if (options.parts().contains("fan-out")) {
            log("fan-out: %d subscribers", options.fanOutSubscribers());
            attempt(report, "fan-out", () -> report.fanOut(fanOut(options, devKey)));
        }
        if (options.parts().contains("growth")) {
            log("growth: %s events", options.growth());
            attempt(report, "growth", () -> report.growth(growth(options, devKey)));
        }
        if (options.parts().contains("cold-start")) {
            log("cold start: %d", options.coldStarts());
            attempt(report, "cold start", () -> report.coldStarts(coldStarts(options, devKey)));
        }
        return report.render();
    }

    interface Part {
        void run() throws Exception;
    }

    /** A part that fails is reported as failed, with its cause, and the run goes on to the next. */
    private static void attempt(Report report, String part, Part work) {
        try {
            work.run();
        } catch (Exception | Error e) {
            log("  %s failed: %s", part, e);
            report.failed(part, String.valueOf(e));
        }
    }

    static Round round(Config config, Options options, Path devKey, boolean curve) throws Exception {
        try (Database db = Database.postgres();
                Node node =
                        start(options, config, db, devKey, "pg-" + config.name().toLowerCase())) {
            Api api = Api.of(node.baseUrl(), devKey, TENANT);
            List<String> products = createProducts(api, options.products());
            long eventsBefore = db.events();
            log("  closed load, %d clients", CLIENTS);
            Load.Outcome throughput = Load.closed(api, products, CLIENTS, options.warmUp(), options.measured());
            double eventsPerCommand = (db.events() - eventsBefore) / (double) throughput.handled();
            log("  %s commands/s, %.2f events each", (long) throughput.commandsPerSecond(), eventsPerCommand);
            RawStore.Row row = RawStore.sample(db, "ProductRestockedEvent", "%");
            double rawSeconds = Math.min(options.measured(), options.quick() ? 3 : 10);
            double rawSameShape = RawStore.insertRate(db, row, CLIENTS, 1, rawSeconds);
            double rawBatched = RawStore.insertRate(db, row, CLIENTS, 100, rawSeconds);
            log("  raw inserts: %,.0f/s one a commit, %,.0f/s batched", rawSameShape, rawBatched);
            List<Point> points = new ArrayList<>();
            try (SseProbe probe = new SseProbe(Api.of(node.baseUrl(), devKey, "probe"))) {
                for (double fraction : curve ? List.of(0.25, 0.5, 0.75, 1.0) : List.of(0.5)) {
                    points.add(latencyAt(api, products, probe, fraction, throughput, options));
                }
            }
            awaitCaughtUp(api, Duration.ofMinutes(30));
            RawStore.fill(db, options.replayEvents(), 100);
            awaitCaughtUp(api, Duration.ofMinutes(60));
            long events = db.events();
            log("  replay of %,d events", events);
            double replay = replay(api, "product-stock", events);
            double rawRead = RawStore.sequentialReadRate(db);
            log("  replay %,.0f events/s over %,d events; raw read %,.0f/s", replay, events, rawRead);
            return new Round(
                    config,
                    throughput,
                    throughput.commandsPerSecond() * eventsPerCommand,
                    rawSameShape,
                    rawBatched,
                    points,
                    replay,
                    events,
                    rawRead);
        }
    }

    private static Point latencyAt(
            Api api, List<String> products, SseProbe probe, double fraction, Load.Outcome max, Options options)
            throws Exception {
        double rate = Math.max(1, max.commandsPerSecond() * fraction);
        ExecutorService side = Executors.newSingleThreadExecutor();
        try {
            Future<SseProbe.Result> sse = side.submit(() -> probe.run(options.warmUp(), options.measured()));
            Load.Outcome commands = Load.open(api, products, rate, options.warmUp(), options.measured());
            SseProbe.Result seen = sse.get();
            log(
                    "  at %.0f%% (%,.0f/s offered): commands p50 %.1f ms p99 %.1f ms; SSE p50 %.1f ms p99 %.1f ms",
                    fraction * 100, rate, commands.millis(50), commands.millis(99), seen.millis(50), seen.millis(99));
            return new Point(fraction, rate, commands, seen);
        } finally {
            side.shutdownNow();
        }
    }

    static Load.Outcome h2Throughput(Config config, Options options, Path devKey) throws Exception {
        Path directory = Database.scratch("h2-" + config.name().toLowerCase() + "-" + System.nanoTime());
        try (Node node = startIn(
                options,
                config,
                Database.embedded(),
                devKey,
                "h2-" + config.name().toLowerCase(),
                directory)) {
            Api api = Api.of(node.baseUrl(), devKey, TENANT);
            List<String> products = createProducts(api, options.products());
            Load.Outcome outcome = Load.closed(api, products, CLIENTS, options.warmUp(), options.measured());
            log("  %s commands/s", (long) outcome.commandsPerSecond());
            return outcome;
        }
    }

    static FanOut.Result fanOut(Options options, Path devKey) throws Exception {
        try (Database db = Database.postgres();
                Node node = start(options, Config.CONVEYOR, db, devKey, "fan-out")) {
            Path histogram = options.profile()
                    ? Path.of("benchmarks", "target", "nodes", "fan-out-histogram.txt")
                            .toAbsolutePath()
                    : null;
            FanOut.Result result = FanOut.run(
                    node, Api.of(node.baseUrl(), devKey, "fanout"), options.fanOutSubscribers(), 5, histogram);
            log(
                    "  %d subscribers in %.1f s (node CPU %.1f s); heap after GC %,d MiB of %,d;"
                            + " update p50 %.0f ms p99 %.0f ms; missing %d; CPU per update: node %.0f ms,"
                            + " client %.0f ms",
                    result.subscribers(),
                    result.connectSeconds(),
                    result.nodeCpuSecondsToOpen(),
                    result.heapAfterGcBytes() >> 20,
                    result.heapMaxBytes() >> 20,
                    result.millis(50),
                    result.millis(99),
                    result.missing(),
                    result.nodeCpuMillisPerUpdate(),
                    result.clientCpuMillisPerUpdate());
            return result;
        }
    }

    static List<Growth> growth(Options options, Path devKey) throws Exception {
        List<Growth> results = new ArrayList<>();
        try (Database db = Database.postgres();
                Node node = start(options, Config.CONVEYOR, db, devKey, "growth")) {
            Api api = Api.of(node.baseUrl(), devKey, TENANT);
            List<String> products = createProducts(api, 100);
            // restocks of the measured products, so the fill has events to copy
            Load.closed(api, products, 4, 0, 2);
            for (long size : options.growth()) {
                RawStore.fill(db, size, 100);
                awaitCaughtUp(api, Duration.ofMinutes(60));
                Load.Outcome outcome = Load.closed(api, products, 4, options.warmUp(), options.measured());
                long events = db.events();
                log("  %,d events: p50 %.2f ms p99 %.2f ms", events, outcome.millis(50), outcome.millis(99));
                results.add(new Growth(events, outcome));
            }
        }
        return results;
    }

    /**
     * From launching the embedded default on an empty directory to its first accepted command: started by the
     * README's run command ({@code ./conveyor}, with the class-data archive it records), and, alternating with it, the
     * same jar started without the archive. The run command is asked first to record its archive, untimed; it builds
     * nothing ({@code CONVEYOR_SKIP_BUILD}): the jar is the one {@code verify} packaged.
     */
    static List<ColdStart> coldStarts(Options options, Path devKey) throws Exception {
        Path script = Path.of("conveyor").toAbsolutePath();
        Map<String, String> prebuilt = Map.of("CONVEYOR_SKIP_BUILD", "1", "JAVA_OPTS", Node.HEAP);
        Map<String, String> prepare = new java.util.HashMap<>(prebuilt);
        prepare.put("CONVEYOR_PREPARE_ONLY", "1");
        ProcessBuilder preparation = new ProcessBuilder(script.toString())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(Path.of("benchmarks", "target", "nodes", "cold-start.log")
                                .toFile()));
        preparation.environment().putAll(prepare);
        Files.createDirectories(Path.of("benchmarks", "target", "nodes"));
        Process preparing = preparation.start();
        if (preparing.waitFor() != 0) {
            throw new IllegalStateException("./conveyor could not prepare; see benchmarks/target/nodes/cold-start.log");
        }
        Path jar;
        try (var files = Files.list(Path.of("api-edge", "target", "app"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow()
                    .toAbsolutePath();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<ColdStart> starts = new ArrayList<>();
        for (int i = 0; i < options.coldStarts(); i++) {
            starts.add(coldStart(RUN_COMMAND, List.of(script.toString()), prebuilt, devKey));
            starts.add(coldStart(NO_ARCHIVE, List.of(java, Node.HEAP, "-jar", jar.toString()), Map.of(), devKey));
        }
        return starts;
    }

    static final String RUN_COMMAND = "./conveyor";
    static final String NO_ARCHIVE = "the same jar without the archive";

    private static ColdStart coldStart(String how, List<String> command, Map<String, String> environment, Path devKey)
            throws Exception {
        Path directory = Database.scratch("cold-" + System.nanoTime());
        List<String> withKey = new ArrayList<>(command);
        withKey.add("--conveyor.security.dev-key=" + devKey);
        try (Node node = Node.launchCommand("cold-start", directory, environment, withKey)) {
            Api api = Api.of(node.baseUrl(), devKey, TENANT);
            while (true) {
                try {
                    api.createProduct(1);
                    break;
                } catch (RuntimeException notYet) {
                    TimeUnit.MILLISECONDS.sleep(20);
                }
                if (System.nanoTime() - node.startedNanos() > TimeUnit.MINUTES.toNanos(2)) {
                    throw new IllegalStateException("no command accepted within 2 minutes");
                }
            }
            double seconds = (System.nanoTime() - node.startedNanos()) / 1e9;
            log("  %s: first command accepted %.2f s after launch", how, seconds);
            return new ColdStart(how, seconds);
        }
    }

    /** Replays a projection and answers events per second, from the request to its position reaching the head. */
    static double replay(Api api, String projection, long events) throws InterruptedException {
        long head = projection(api, projection).get("head").asLong();
        long start = System.nanoTime();
        int status = api.replay(projection);
        if (status != 202) {
            throw new IllegalStateException("replay answered " + status);
        }
        while (true) {
            JsonNode state = projection(api, projection);
            if (!state.get("replaying").asBoolean() && state.get("position").asLong() >= head) {
                break;
            }
            if (state.get("status").asText().equals("error")) {
                throw new IllegalStateException("replay failed: " + state);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private static JsonNode projection(Api api, String name) {
        return api.get("/api/admin/projections/" + name);
    }

    /** Waits until every streaming processor has handled every event. */
    static void awaitCaughtUp(Api api, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean caughtUp = true;
            for (JsonNode processor : api.get("/api/admin/projections")) {
                caughtUp &= processor.get("lag").asLong() == 0;
            }
            if (caughtUp) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("processors still behind after " + timeout);
    }

    static List<String> createProducts(Api api, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<String>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                created.add(CompletableFuture.supplyAsync(() -> api.createProduct(1_000), pool));
            }
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<String> id : created) {
                ids.add(id.get(2, TimeUnit.MINUTES));
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    static Node start(Options options, Config config, Database db, Path devKey, String name) throws Exception {
        return startIn(options, config, db, devKey, name, Database.scratch(name));
    }

    private static Node startIn(Options options, Config config, Database db, Path devKey, String name, Path directory)
            throws Exception {
        List<String> arguments = new ArrayList<>(db.nodeArguments());
        arguments.addAll(List.of(
                "--conveyor.security.dev-key=" + devKey,
                // the load is one client on purpose; rate limits are covered by the tests
                "--conveyor.rate-limit.enabled=false",
                // room for the fan-out's subscribers, in both configurations
                "--conveyor.sse.max-streams=20000",
                "--conveyor.sse.max-streams-per-tenant=20000"));
        arguments.addAll(config.arguments);
        if (config == Config.CONVEYOR) {
            arguments.addAll(options.conveyorSettings());
        }
        List<String> jvm = options.profile()
                ? List.of("-XX:StartFlightRecording=settings=profile,filename="
                        + Path.of("benchmarks", "target", "nodes", name + "-" + System.nanoTime() + ".jfr")
                                .toAbsolutePath())
                : List.of();
        return Node.launch(name, directory, db.nodeEnvironment(), jvm, arguments)
                .awaitReady(Duration.ofMinutes(3));
    }

    /** With the time of day, to find a phase in a node's log or recording; its seconds even when they are zero. */
    static void log(String format, Object... arguments) {
        System.err.printf(
                "%s %s%n",
                TIME_OF_DAY.format(java.time.LocalTime.now(java.time.ZoneOffset.UTC)),
                String.format(format, arguments));
    }

    private static final java.time.format.DateTimeFormatter TIME_OF_DAY =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss", java.util.Locale.ROOT);

    static String option(List<String> arguments, String name, String fallback) {
        return arguments.stream()
                .filter(a -> a.startsWith("--" + name + "="))
                .map(a -> a.substring(name.length() + 3))
                .findFirst()
                .orElse(fallback);
    }
}
