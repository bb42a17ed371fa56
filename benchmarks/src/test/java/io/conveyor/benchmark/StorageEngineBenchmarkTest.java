package io.conveyor.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.benchmark.StorageEngineBenchmark.Result;
import io.conveyor.benchmark.StorageEngineBenchmark.Variant;
import io.conveyor.benchmark.StorageEngineBenchmark.Workload;
import io.conveyor.edge.config.EventStorageSettings.Engine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The storage benchmark measures what it claims: on a small run, each engine built as the application builds it
 * stores every event, loads every aggregate whole and replays the log, and a reader following the log while four
 * writers commit out of order sees every event exactly once. No timings are asserted.
 */
class StorageEngineBenchmarkTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyEngineKeepsEveryEventInEveryPhase(Engine engine) {
        Workload workload = new Workload(800, 4);

        // a small batch makes replay and tail cross many batch boundaries
        Result result = StorageEngineBenchmark.measure(
                BenchmarkDatabase.Vendor.H2, Variant.of(engine, 7).settings(), workload);

        assertThat(result.tailSeen()).isEqualTo(800);
        assertThat(result.tailDuplicates()).isZero();
        assertThat(result.appendedEventsPerSecond()).isPositive();
        assertThat(result.loadedAggregatesPerSecond()).isPositive();
        assertThat(result.replayedEventsPerSecond()).isPositive();
    }
}
