package io.conveyor.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Snapshots and caching of aggregates.
 *
 * @param snapshotThreshold events after which an aggregate is snapshotted (a product with many orders grows fast); 0
 *     for no snapshots, as Axon does by default
 * @param cache whether aggregates are cached in memory between commands
 * @param cacheSize how many aggregates the cache holds at most; the least recently used go first
 */
@ConfigurationProperties("conveyor.aggregates")
public record AggregateSettings(
        @DefaultValue("100") int snapshotThreshold,
        @DefaultValue("true") boolean cache,
        @DefaultValue("10000") int cacheSize) {

    public AggregateSettings {
        if (snapshotThreshold < 0) {
            throw new IllegalArgumentException("conveyor.aggregates.snapshot-threshold must be 0 (never) or more");
        }
        if (cacheSize < 1) {
            throw new IllegalArgumentException("conveyor.aggregates.cache-size must be at least 1");
        }
    }
}
