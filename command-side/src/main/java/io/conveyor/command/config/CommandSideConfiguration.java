package io.conveyor.command.config;

import io.conveyor.command.stock.JpaProductCatalogue;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {
    /** The names the aggregates refer to in their {@code @Aggregate} annotation. */
    public static final String SNAPSHOT_TRIGGER = "aggregateSnapshotTrigger";

    public static final String CACHE = "aggregateCache";

    /** Loading an aggregate reads its events since the last snapshot: at most this many. */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition aggregateSnapshotTrigger(Snapshotter snapshotter, AggregateSettings settings) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, settings.snapshotThreshold());
    }

    /**
     * Hot aggregates stay in memory between commands. On several nodes a cached aggregate can be stale: its append
     * then fails on the sequence number, Axon evicts it, and the retried command loads it afresh.
     */
    @Bean(CACHE)
    Cache aggregateCache(AggregateSettings settings) {
        return settings.cache() ? new WeakReferenceCache() : NoCache.INSTANCE;
    }

    /**
     * The catalogue is part of the command's transaction: subscribing, and a failure (such as a duplicate SKU)
     * propagates and rolls the command back instead of being logged and skipped.
     */
    @Bean
    ConfigurerModule productCatalogueProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(JpaProductCatalogue.GROUP)
                .registerListenerInvocationErrorHandler(
                        JpaProductCatalogue.GROUP, conf -> PropagatingErrorHandler.instance()));
    }
}
