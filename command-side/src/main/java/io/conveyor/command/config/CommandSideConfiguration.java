package io.conveyor.command.config;

import io.conveyor.command.stock.JpaProductCatalogue;
import io.conveyor.command.tenancy.TenantIsolation;
import io.conveyor.contracts.common.TenantMetadata;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class CommandSideConfiguration {
    /** The names the aggregates refer to in their {@code @Aggregate} annotation. */
    public static final String SNAPSHOT_TRIGGER = "aggregateSnapshotTrigger";

    public static final String CACHE = "aggregateCache";

    /**
     * Snapshots are taken on a thread of their own. Axon's default takes them on the command's thread after commit,
     * while the aggregate is still locked and with a second connection: with every pooled connection held by
     * commands waiting for that lock, nothing moves until the unit-of-work timeout.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(
            org.axonframework.config.Configuration axon,
            HandlerDefinition handlerDefinition,
            ParameterResolverFactory parameterResolverFactory,
            EventStore eventStore,
            TransactionManager transactionManager,
            SnapshotterSpanFactory spanFactory,
            SnapshotExecutor snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(axon::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor.executor())
                .build();
    }

    /** Not an Executor bean: one would displace Spring's own task executor. */
    @Bean
    SnapshotExecutor snapshotExecutor() {
        return new SnapshotExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "aggregate-snapshotter");
            t.setDaemon(true);
            return t;
        }));
    }

    record SnapshotExecutor(ExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdown();
        }
    }

    /**
     * Loading an aggregate reads its events since the last snapshot: at most this many. Threshold 0 takes none, and an
     * aggregate load reads all of its events.
     */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition aggregateSnapshotTrigger(Snapshotter snapshotter, AggregateSettings settings) {
        return settings.snapshotThreshold() == 0
                ? NoSnapshotTriggerDefinition.INSTANCE
                : new EventCountSnapshotTriggerDefinition(snapshotter, settings.snapshotThreshold());
    }

    /**
     * Hot aggregates stay in memory between commands. On several nodes a cached aggregate can be stale: its append
     * then fails on the sequence number, Axon evicts it, and the retried command loads it afresh.
     */
    @Bean(CACHE)
    Cache aggregateCache(AggregateSettings settings) {
        return settings.cache() ? new BoundedCache(settings.cacheSize()) : NoCache.INSTANCE;
    }

    /** Every aggregate keeps to its tenant (see {@link TenantIsolation}). */
    @Bean
    static TenantIsolation tenantIsolation() {
        return new TenantIsolation();
    }

    /** A command's tenant is carried into the events it causes, and from them into the saga's commands. */
    @Bean
    CorrelationDataProvider tenantCorrelation() {
        return new SimpleCorrelationDataProvider(TenantMetadata.KEY);
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
