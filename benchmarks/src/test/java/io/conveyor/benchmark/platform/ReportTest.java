package io.conveyor.benchmark.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.benchmark.platform.PlatformBenchmark.Config;
import io.conveyor.benchmark.platform.PlatformBenchmark.Options;
import io.conveyor.benchmark.platform.PlatformBenchmark.Point;
import io.conveyor.benchmark.platform.PlatformBenchmark.Round;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report judges each goal from the measurements it is given, and draws what it measured. */
class ReportTest {
    @TempDir
    Path plots;

    @Test
    void judgesTheGoalsByTheirRatiosAndDrawsTheCurves() throws Exception {
        Report report = new Report(Options.parse(List.of("platform", "--quick", "--plots=" + plots)));
        // Conveyor at three times stock Axon's commands, with SSE latencies inside the goal
        report.round(round(Config.STOCK_AXON, 100, 400, 900));
        report.round(round(Config.CONVEYOR, 300, 5, 20));

        String markdown = report.render();

        assertThat(markdown)
                .contains("| P1 | commands/s over HTTP, 32 clients | ≥ 3× stock Axon | 300 against 100: 3.00× | yes |");
        assertThat(markdown)
                .contains("| P3 | command → SSE update at half of max throughput | p50 ≤ 10 ms, p99 ≤ 50 ms |");
        assertThat(markdown).containsPattern("\\| P4 \\| projection replay .*\\| \\*\\*no\\*\\* \\|");
        String curve = Files.readString(plots.resolve("latency-vs-load.svg"));
        assertThat(curve).contains("Conveyor SSE p99", "stock Axon SSE p50").startsWith("<svg");
        assertThat(Files.readString(plots.resolve("replay.svg"))).contains("raw JDBC read");
    }

    private static Round round(Config config, double commandsPerSecond, long sseP50Millis, long sseP99Millis) {
        Histogram sse = new Histogram(3);
        for (int i = 0; i < 98; i++) {
            sse.recordValue(sseP50Millis * 1_000);
        }
        sse.recordValue(sseP99Millis * 1_000);
        sse.recordValue(sseP99Millis * 1_000);
        Histogram commands = new Histogram(3);
        commands.recordValue(10_000);
        Load.Outcome outcome = new Load.Outcome(commandsPerSecond, commands, 0, 10, (long) commandsPerSecond * 10);
        List<Point> curve = List.of(0.25, 0.5, 0.75, 1.0).stream()
                .map(f -> new Point(f, commandsPerSecond * f, outcome, new SseProbe.Result(sse, 0)))
                .toList();
        return new Round(config, outcome, commandsPerSecond, 4_000, 40_000, curve, 1_000, 50_000, 100_000);
    }
}
