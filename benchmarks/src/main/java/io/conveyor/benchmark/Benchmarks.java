package io.conveyor.benchmark;

import io.conveyor.benchmark.BenchmarkDatabase.Vendor;
import io.conveyor.benchmark.StorageEngineBenchmark.Result;
import io.conveyor.benchmark.StorageEngineBenchmark.Variant;
import io.conveyor.benchmark.StorageEngineBenchmark.Workload;
import io.conveyor.benchmark.platform.PlatformBenchmark;
import io.conveyor.edge.config.EventStorageSettings.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Runs a benchmark and prints its report as Markdown (also written to {@code benchmarks/target/}).
 *
 * <pre>
 * storage [--quick] [--db=postgres|h2|both] [--repetitions=N] [--events=N] [--writers=N]
 * platform [--quick] [--db=postgres|both] [--repetitions=N] [--replay-events=N] [--subscribers=N] [--plots=DIR]
 * handler-time-limit [--repetitions=N]
 * </pre>
 */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.get(0).equals("platform")) {
            String report = PlatformBenchmark.run(arguments);
            System.out.println(report);
            write(report, "platform.md");
            return;
        }
        if (!arguments.isEmpty() && arguments.get(0).equals("handler-time-limit")) {
            String report = HandlerTimeLimitBenchmark.run(Integer.parseInt(option(arguments, "repetitions", "3")));
            System.out.println(report);
            write(report, "handler-time-limit.md");
            return;
        }
        if (arguments.isEmpty() || !arguments.get(0).equals("storage")) {
            System.err.println("usage: storage [--quick] [--db=postgres|h2|both] [--repetitions=N] [--events=N]"
                    + " [--writers=N]\n       platform [--quick] [--db=postgres|both] [--repetitions=N]"
                    + " [--replay-events=N] [--subscribers=N] [--plots=DIR]"
                    + "\n       handler-time-limit [--repetitions=N]");
            System.exit(2);
        }
        boolean quick = arguments.contains("--quick");
        String db = option(arguments, "db", "both");
        int repetitions = Integer.parseInt(option(arguments, "repetitions", quick ? "1" : "3"));
        Workload workload = new Workload(
                Integer.parseInt(option(arguments, "events", quick ? "8000" : "40000")),
                Integer.parseInt(option(arguments, "writers", "8")));
        StringBuilder report = new StringBuilder(header(workload, repetitions));
        for (Vendor vendor : vendors(db)) {
            report.append(storage(vendor, workload, repetitions));
        }
        System.out.println(report);
        write(report.toString(), "storage-engines.md");
    }

    static String storage(Vendor vendor, Workload workload, int repetitions) {
        List<Variant> variants = List.of(
                Variant.of(Engine.JPA, 100), // Axon's default engine and batch size: the baseline
                Variant.of(Engine.JPA, 1000),
                Variant.of(Engine.JDBC, 100),
                Variant.of(Engine.JDBC, 1000));
        Workload warmUp = new Workload(Math.max(workload.events() / 10, 400), workload.writers());
        for (Variant variant : variants) {
            System.err.printf("%s, warming up: %s%n", vendor, variant.name()); // JIT and pools; not reported
            StorageEngineBenchmark.measure(vendor, variant.settings(), warmUp);
        }
        Map<Variant, List<Result>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v, new ArrayList<>()));
        for (int repetition = 0; repetition < repetitions; repetition++) {
            for (int i = 0; i < variants.size(); i++) {
                // a different variant goes first in each repetition, so none always runs on a cold JVM
                Variant variant = variants.get((i + repetition) % variants.size());
                System.err.printf("%s, repetition %d: %s%n", vendor, repetition + 1, variant.name());
                results.get(variant).add(StorageEngineBenchmark.measure(vendor, variant.settings(), workload));
            }
        }
        return table(vendor, results);
    }

    private static String table(Vendor vendor, Map<Variant, List<Result>> results) {
        List<Result> baseline = results.values().iterator().next();
        StringBuilder out = new StringBuilder()
                .append("\n### ")
                .append(BenchmarkDatabase.describe(vendor))
                .append("\n\n")
                .append("| engine | append, events/s | × | load, aggregates/s | × | replay, events/s | × |"
                        + " tail saw, duplicates |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        results.forEach((variant, runs) -> out.append("| ")
                .append(variant.name())
                .append(cells(runs, baseline, Result::appendedEventsPerSecond))
                .append(cells(runs, baseline, Result::loadedAggregatesPerSecond))
                .append(cells(runs, baseline, Result::replayedEventsPerSecond))
                .append(" | ")
                .append(runs.stream().mapToLong(Result::tailSeen).min().orElse(0))
                .append(", ")
                .append(runs.stream().mapToLong(Result::tailDuplicates).max().orElse(0))
                .append(" |\n"));
        return out.toString();
    }

    /** Median (min–max over repetitions) and the ratio of the medians to the baseline's. */
    private static String cells(List<Result> runs, List<Result> baseline, ToDoubleFunction<Result> measure) {
        double[] values = runs.stream().mapToDouble(measure).sorted().toArray();
        double median = median(values);
        double ratio =
                median / median(baseline.stream().mapToDouble(measure).sorted().toArray());
        String spread = values.length > 1
                ? String.format(Locale.ROOT, " (%,.0f–%,.0f)", values[0], values[values.length - 1])
                : "";
        return String.format(Locale.ROOT, " | %,.0f%s | %.2f", median, spread, ratio);
    }

    private static double median(double[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String header(Workload workload, int repetitions) {
        return String.format(
                Locale.ROOT,
                "## Event storage engines%n%n"
                        + "%s; %d cores, %s GiB heap max; Java %s (%s); %s.%n"
                        + "%,d events in %,d aggregates, %d events per transaction, %d writers; %d repetition(s),"
                        + " median (min–max); × is the ratio of medians to the first row.%n",
                LocalDate.now(),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / (1L << 30),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                ManagementFactory.getOperatingSystemMXBean().getName(),
                workload.events(),
                workload.aggregates(),
                StorageEngineBenchmark.EVENTS_PER_COMMAND,
                workload.writers(),
                repetitions);
    }

    private static List<Vendor> vendors(String db) {
        return switch (db) {
            case "postgres" -> List.of(Vendor.POSTGRES);
            case "h2" -> List.of(Vendor.H2);
            case "both" -> List.of(Vendor.POSTGRES, Vendor.H2);
            default -> throw new IllegalArgumentException("--db must be postgres, h2 or both");
        };
    }

    private static String option(List<String> arguments, String name, String fallback) {
        return arguments.stream()
                .filter(a -> a.startsWith("--" + name + "="))
                .map(a -> a.substring(name.length() + 3))
                .findFirst()
                .orElse(fallback);
    }

    private static void write(String report, String name) {
        try {
            Path out = Path.of("benchmarks", "target", name);
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
