package io.conveyor.edge.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event store's engine and its reading settings; {@code docs/decisions.md} (14) gives the measurements behind the
 * defaults.
 *
 * @param engine {@code jdbc}, the application's; {@code jpa}, Axon's default, exists to measure the application against
 *     Axon's defaults. Axon's JPA entity has no place for the events' tenant column, so with it every event is stored
 *     as the default tenant's. The event log (its pages, streams and export), the audit chain, and reads that wait for
 *     a view still being projected then give the default tenant every tenant's events and any other tenant none. The
 *     application refuses to start with it unless {@code jpaSingleTenant} says that is accepted
 * @param batchSize how many events a streaming processor reads per query, and how many an aggregate load reads per
 *     round trip
 * @param gapTimeout how long a streaming processor waits for a hole in the global index (an insert that is still in
 *     flight, or one rolled back) before it gives up on it
 * @param maxGapOffset how far behind the newest event a hole is still tracked
 * @param jpaSingleTenant the acknowledgement that, with {@code engine} {@code jpa}, every event is stored as the
 *     default tenant's; only the default tenant should use such an application
 * @param sharedReader Axon's default: one reader fetches events for every processor at the head of the stream, and a
 *     processor that stops reading keeps all it fetched since reachable (decision 44); {@code false}, the application's,
 *     gives every processor a stream of its own. Exists to reproduce Axon's defaults for the benchmark
 */
@ConfigurationProperties("conveyor.event-store")
public record EventStorageSettings(
        @DefaultValue("jdbc") Engine engine,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("60s") Duration gapTimeout,
        @DefaultValue("10000") int maxGapOffset,
        @DefaultValue("false") boolean jpaSingleTenant,
        @DefaultValue("false") boolean sharedReader) {

    public enum Engine {
        JPA,
        JDBC
    }

    public EventStorageSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("conveyor.event-store.batch-size must be at least 1");
        }
    }
}
