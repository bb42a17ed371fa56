package io.conveyor.benchmark.platform;

import io.conveyor.benchmark.platform.PlatformBenchmark.Config;
import io.conveyor.benchmark.platform.PlatformBenchmark.Growth;
import io.conveyor.benchmark.platform.PlatformBenchmark.Options;
import io.conveyor.benchmark.platform.PlatformBenchmark.Point;
import io.conveyor.benchmark.platform.PlatformBenchmark.Round;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The platform benchmark's Markdown report and its SVG plots. */
final class Report {
    private final Options options;
    private final List<Round> rounds = new ArrayList<>();
    private final Map<Config, Load.Outcome> h2 = new EnumMap<>(Config.class);
    private FanOut.Result fanOut;
    private List<Growth> growth = List.of();
    private List<PlatformBenchmark.ColdStart> coldStarts = List.of();
    private final Map<String, String> failures = new java.util.LinkedHashMap<>();

    Report(Options options) {
        this.options = options;
    }

    void round(Round round) {
        rounds.add(round);
    }

    void h2(Config config, Load.Outcome outcome) {
        h2.put(config, outcome);
    }

    void fanOut(FanOut.Result result) {
        fanOut = result;
    }

    void growth(List<Growth> results) {
        growth = results;
    }

    void failed(String part, String cause) {
        failures.put(part, cause);
    }

    void coldStarts(List<PlatformBenchmark.ColdStart> starts) {
        coldStarts = starts;
    }

    String render() throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(header());
        out.append(goals());
        out.append(details());
        failures.forEach((part, cause) -> out.append(f("%n**%s failed**: %s%n", part, cause)));
        plots();
        return out.toString();
    }

    private String header() {
        return String.format(
                Locale.ROOT,
                "## Platform%n%n%s, commit %s; %d cores, %s; Java %s (%s); %s. Nodes run with %s; the load comes from"
                        + " another JVM over loopback. %s mode, %d repetition(s) on PostgreSQL, alternating; each cell"
                        + " is the median with the range over the repetitions in brackets.%s%n%n",
                LocalDate.now(),
                Machine.commit(),
                Runtime.getRuntime().availableProcessors(),
                Machine.memory(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                Database.describeServer(),
                Node.HEAP,
                options.quick() ? "Quick" : "Full",
                options.repetitions(),
                options.conveyorSettings().isEmpty()
                        ? ""
                        : " Conveyor's nodes also had " + String.join(" ", options.conveyorSettings()) + ".");
    }

    private String goals() {
        List<Round> conveyor = of(Config.CONVEYOR);
        List<Round> stock = of(Config.STOCK_AXON);
        double p1 = median(conveyor, r -> r.throughput().commandsPerSecond());
        double p1Base = median(stock, r -> r.throughput().commandsPerSecond());
        double appended = median(conveyor, Round::eventsPerSecond);
        double raw = median(rounds, Round::rawSameShape);
        double batched = median(rounds, Round::rawBatched);
        double sse50 = median(conveyor, r -> half(r).sse().millis(50));
        double sse99 = median(conveyor, r -> half(r).sse().millis(99));
        double replay = median(conveyor, Round::replayEventsPerSecond);
        double replayBase = median(stock, Round::replayEventsPerSecond);
        double rawRead = median(conveyor, Round::rawReadEventsPerSecond);
        double growthRatio = growth.size() < 2
                ? Double.NaN
                : growth.get(growth.size() - 1).outcome().millis(50)
                        / growth.get(0).outcome().millis(50);
        double growthRatio99 = growth.size() < 2
                ? Double.NaN
                : growth.get(growth.size() - 1).outcome().millis(99)
                        / growth.get(0).outcome().millis(99);
        List<PlatformBenchmark.ColdStart> byRunCommand = coldStarts.stream()
                .filter(c -> c.how().equals(PlatformBenchmark.RUN_COMMAND))
                .toList();
        List<PlatformBenchmark.ColdStart> withoutArchive = coldStarts.stream()
                .filter(c -> c.how().equals(PlatformBenchmark.NO_ARCHIVE))
                .toList();
        double cold = median(byRunCommand, PlatformBenchmark.ColdStart::seconds);
        double coldBase = median(withoutArchive, PlatformBenchmark.ColdStart::seconds);
        StringBuilder out =
                new StringBuilder("### Goals\n\n| id | measure | goal | measured | met |\n|---|---|---|---|---|\n");
        if (!conveyor.isEmpty() && !stock.isEmpty()) {
            row(
                    out,
                    "P1",
                    "commands/s over HTTP, 32 clients",
                    "≥ 3× stock Axon",
                    f("%,.0f against %,.0f: %.2f×", p1, p1Base, p1 / p1Base),
                    p1 / p1Base >= 3);
            row(
                    out,
                    "P2",
                    "events appended/s against raw JDBC, one commit per command, 32 writers",
                    "≥ 50 %",
                    f(
                            "%,.0f against %,.0f: %.0f %% (batched raw ceiling %,.0f)",
                            appended, raw, 100 * appended / raw, batched),
                    appended / raw >= 0.5);
            row(
                    out,
                    "P3",
                    "command → SSE update at half of max throughput",
                    "p50 ≤ 10 ms, p99 ≤ 50 ms",
                    f("p50 %.1f ms, p99 %.1f ms", sse50, sse99),
                    sse50 <= 10 && sse99 <= 50);
            row(
                    out,
                    "P4",
                    "projection replay",
                    "≥ 10× stock Axon and ≥ 50 % of a raw read",
                    f(
                            "%,.0f events/s against %,.0f: %.1f×; %.0f %% of %,.0f",
                            replay, replayBase, replay / replayBase, 100 * replay / rawRead, rawRead),
                    replay / replayBase >= 10 && replay / rawRead >= 0.5);
        }
        if (fanOut != null) {
            row(
                    out,
                    "P5",
                    "SSE fan-out on one node",
                    "10,000 subscribers, heap < 1 GiB, p99 ≤ 1 s",
                    f(
                            "%,d subscribers, heap %,d MiB after GC (max %,d), p99 %.0f ms, %d missed",
                            fanOut.subscribers(),
                            fanOut.heapAfterGcBytes() >> 20,
                            fanOut.heapMaxBytes() >> 20,
                            fanOut.millis(99),
                            fanOut.missing()),
                    fanOut.subscribers() >= 10_000
                            && fanOut.heapMaxBytes() <= (1L << 30)
                            && fanOut.millis(99) <= 1000
                            && fanOut.missing() == 0);
        }
        if (growth.size() > 1) {
            row(
                    out,
                    "P6",
                    f(
                            "command latency, %,d → %,d events",
                            growth.get(0).events(),
                            growth.get(growth.size() - 1).events()),
                    "≤ 1.2× growth",
                    f("p50 %.2f×, p99 %.2f×", growthRatio, growthRatio99),
                    growthRatio <= 1.2 && growthRatio99 <= 1.2);
        }
        if (!coldStarts.isEmpty()) {
            row(
                    out,
                    "P7",
                    "cold start of the embedded default to first accepted command",
                    "≤ 8 s",
                    f("%.2f s (without the class-data archive %.2f s: %.2f×)", cold, coldBase, cold / coldBase),
                    cold <= 8);
        }
        return out.append('\n').toString();
    }

    private String details() {
        return (rounds.isEmpty() ? "" : rounds()) + others();
    }

    private String rounds() {
        StringBuilder out = new StringBuilder("### PostgreSQL, per configuration\n\n"
                + "| configuration | commands/s | p50 ms | p99 ms | events/s | replay events/s | replayed |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Config config : List.of(Config.STOCK_AXON, Config.CONVEYOR)) {
            List<Round> runs = of(config);
            if (runs.isEmpty()) {
                continue;
            }
            out.append("| ")
                    .append(config.label)
                    .append(" | ")
                    .append(cell(runs, r -> r.throughput().commandsPerSecond(), "%,.0f"))
                    .append(" | ")
                    .append(cell(runs, r -> r.throughput().millis(50), "%.1f"))
                    .append(" | ")
                    .append(cell(runs, r -> r.throughput().millis(99), "%.1f"))
                    .append(" | ")
                    .append(cell(runs, Round::eventsPerSecond, "%,.0f"))
                    .append(" | ")
                    .append(cell(runs, Round::replayEventsPerSecond, "%,.0f"))
                    .append(" | ")
                    .append(f("%,d", runs.get(0).replayedEvents()))
                    .append(" |\n");
        }
        out.append("| raw JDBC, one row a commit | ")
                .append(cell(rounds, Round::rawSameShape, "%,.0f"))
                .append(" | | | | | |\n");
        out.append("| raw JDBC, 100 rows a commit | ")
                .append(cell(rounds, Round::rawBatched, "%,.0f"))
                .append(" | | | | | |\n");
        out.append("| raw JDBC, sequential read | | | | | ")
                .append(cell(rounds, Round::rawReadEventsPerSecond, "%,.0f"))
                .append(" | |\n\n");
        out.append("Latency under an offered load (open loop: each command is timed from when it was due):\n\n"
                + "| configuration | offered | commands/s | command p50 ms | p99 ms | SSE p50 ms | SSE p99 ms |"
                + " SSE missed |\n|---|---|---|---|---|---|---|---|\n");
        for (Round round : rounds) {
            for (Point p : round.latencyByLoad()) {
                out.append(f(
                        "| %s | %.0f%% (%,.0f/s) | %,.0f | %.1f | %.1f | %.1f | %.1f | %d |%n",
                        round.config().label,
                        p.fraction() * 100,
                        p.offered(),
                        p.commands().commandsPerSecond(),
                        p.commands().millis(50),
                        p.commands().millis(99),
                        p.sse().millis(50),
                        p.sse().millis(99),
                        p.sse().missed()));
            }
        }
        return out.toString();
    }

    private String others() {
        StringBuilder out = new StringBuilder();
        if (!h2.isEmpty()) {
            out.append("\nEmbedded H2 (file), one run each:\n\n| configuration | commands/s | p50 ms | p99 ms |\n"
                    + "|---|---|---|---|\n");
            h2.forEach((config, o) -> out.append(f(
                    "| %s | %,.0f | %.1f | %.1f |%n",
                    config.label, o.commandsPerSecond(), o.millis(50), o.millis(99))));
        }
        if (!growth.isEmpty()) {
            out.append("\nCommand latency as the store grows (Conveyor, 4 clients):\n\n"
                    + "| events in the store | commands/s | p50 ms | p99 ms |\n|---|---|---|---|\n");
            for (Growth g : growth) {
                out.append(f(
                        "| %,d | %,.0f | %.2f | %.2f |%n",
                        g.events(),
                        g.outcome().commandsPerSecond(),
                        g.outcome().millis(50),
                        g.outcome().millis(99)));
            }
        }
        if (fanOut != null) {
            out.append(f(
                    "%nFan-out: %,d subscribers connected in %.1f s (%.1f s of the node's CPU); each of 5"
                            + " updates reached them with p50 %.0f ms, p99 %.0f ms, max %.0f ms; an update cost the"
                            + " node %.0f ms of CPU and the reading client %.0f ms.%n",
                    fanOut.subscribers(),
                    fanOut.connectSeconds(),
                    fanOut.nodeCpuSecondsToOpen(),
                    fanOut.millis(50),
                    fanOut.millis(99),
                    fanOut.latencies().getMaxValue() / 1000.0,
                    fanOut.nodeCpuMillisPerUpdate(),
                    fanOut.clientCpuMillisPerUpdate()));
        }
        if (!coldStarts.isEmpty()) {
            out.append(f(
                    "%nCold starts, seconds to the first accepted command, in the order run: %s%n",
                    coldStarts.stream()
                            .map(c -> f("%s %.2f", c.how(), c.seconds()))
                            .toList()));
        }
        return out.toString();
    }

    private void plots() throws IOException {
        List<Plot.Series> series = new ArrayList<>();
        for (Config config : List.of(Config.CONVEYOR, Config.STOCK_AXON)) {
            rounds.stream()
                    .filter(r -> r.config() == config && r.latencyByLoad().size() > 1)
                    .findFirst()
                    .ifPresent(r -> {
                        series.add(new Plot.Series(
                                config.label + " SSE p99",
                                r.latencyByLoad().stream()
                                        .map(p -> new double[] {
                                            p.offered(), p.sse().millis(99)
                                        })
                                        .toList()));
                        series.add(new Plot.Series(
                                config.label + " SSE p50",
                                r.latencyByLoad().stream()
                                        .map(p -> new double[] {
                                            p.offered(), p.sse().millis(50)
                                        })
                                        .toList()));
                    });
        }
        if (!series.isEmpty()) {
            Plot.lines(
                    options.plots().resolve("latency-vs-load.svg"),
                    "Command → SSE update latency",
                    "offered restocks per second",
                    "ms",
                    series);
        }
        if (!rounds.isEmpty()) {
            Plot.bars(
                    options.plots().resolve("replay.svg"),
                    "Replay of product-stock",
                    "events per second",
                    List.of(
                            new Plot.Bar("stock Axon", median(of(Config.STOCK_AXON), Round::replayEventsPerSecond)),
                            new Plot.Bar("Conveyor", median(of(Config.CONVEYOR), Round::replayEventsPerSecond)),
                            new Plot.Bar("raw JDBC read", median(rounds, Round::rawReadEventsPerSecond))));
        }
        if (growth.size() > 1) {
            Plot.lines(
                    options.plots().resolve("growth.svg"),
                    "Command latency as the store grows",
                    "events in the store",
                    "ms",
                    List.of(
                            new Plot.Series(
                                    "p50",
                                    growth.stream()
                                            .map(g -> new double[] {
                                                g.events(), g.outcome().millis(50)
                                            })
                                            .toList()),
                            new Plot.Series(
                                    "p99",
                                    growth.stream()
                                            .map(g -> new double[] {
                                                g.events(), g.outcome().millis(99)
                                            })
                                            .toList())));
        }
    }

    private static Point half(Round round) {
        return round.latencyByLoad().stream()
                .filter(p -> p.fraction() == 0.5)
                .findFirst()
                .orElseThrow();
    }

    private List<Round> of(Config config) {
        return rounds.stream().filter(r -> r.config() == config).toList();
    }

    private static void row(StringBuilder out, String id, String measure, String goal, String measured, boolean met) {
        out.append("| ")
                .append(id)
                .append(" | ")
                .append(measure)
                .append(" | ")
                .append(goal)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    private static <T> String cell(List<T> runs, ToDoubleFunction<T> measure, String format) {
        double[] values = runs.stream().mapToDouble(measure).sorted().toArray();
        String median = f(format, median(values));
        return values.length > 1
                ? median + " (" + f(format, values[0]) + "–" + f(format, values[values.length - 1]) + ")"
                : median;
    }

    static <T> double median(List<T> runs, ToDoubleFunction<T> measure) {
        return median(runs.stream().mapToDouble(measure).sorted().toArray());
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String f(String format, Object... arguments) {
        return String.format(Locale.ROOT, format, arguments);
    }

    static void write(Path file, String report) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
    }
}
