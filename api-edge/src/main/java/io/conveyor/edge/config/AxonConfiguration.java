package io.conveyor.edge.config;

import io.conveyor.edge.correlation.Correlation;
import io.conveyor.edge.security.Tenants;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer.PooledStreamingProcessorConfiguration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.quartz.QuartzDeadlineManager;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.QueryUpdateEmitterSpanFactory;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

@Configuration(proxyBeanMethods = false)
class AxonConfiguration {
    /** Below Axon's default of 5 s, and well below the claim timeout (10 s by default) that it keeps alive. */
    private static final Duration CLAIM_EXTENSION = Duration.ofSeconds(2);

    /**
     * Every streaming processor is pooled (scales by segments), and a handler failure stops and retries the processor
     * instead of Axon's default of logging the failure and skipping the event for ever. Processors named in
     * {@code conveyor.dead-letters.processors} park the failing event instead and go on (io.conveyor.edge.deadletter).
     * In {@code tracking} mode the processors are Axon's default, untuned; the error handling and the request's id in
     * the handlers' logs stay, as they decide what the application does rather than how fast.
     */
    @Bean
    ConfigurerModule processingDefaults(ProcessingSettings settings, EventStorageSettings storage) {
        return configurer -> configurer.eventProcessing(processing -> {
            switch (settings.mode()) {
                case POOLED -> {
                    AtomicReference<PromptEventSource> source = new AtomicReference<>();
                    processing
                            .usingPooledStreamingEventProcessors(pooled(settings))
                            // one for all processors, made when the first asks: the event store is not built yet
                            .configureDefaultStreamableMessageSource(conf -> source.updateAndGet(
                                    existing -> existing != null ? existing : prompt(conf, storage, settings)));
                }
                case TRACKING -> processing.usingTrackingEventProcessors();
            }
            processing
                    .registerDefaultListenerInvocationErrorHandler(conf -> PropagatingErrorHandler.instance())
                    .registerDefaultHandlerInterceptor((conf, name) -> Correlation.intoLogs());
        });
    }

    private static PromptEventSource prompt(
            org.axonframework.config.Configuration conf, EventStorageSettings storage, ProcessingSettings settings) {
        EventStore store = conf.eventStore();
        // only the embedded store without its shared reader reads when asked (EventStorageConfiguration)
        boolean fedByReader = !(store instanceof EmbeddedEventStore) || storage.sharedReader();
        PromptEventSource source = new PromptEventSource(store, fedByReader, settings.readInterval());
        conf.onShutdown(source::shutDown);
        return source;
    }

    private static PooledStreamingProcessorConfiguration pooled(ProcessingSettings settings) {
        return (conf, builder) -> builder.initialSegmentCount(settings.segments())
                .maxClaimedSegments(settings.maxClaimedSegments())
                .tokenClaimInterval(settings.tokenClaimInterval().toMillis())
                .batchSize(settings.batchSize())
                // an idle segment stores its token this often: reads waiting on a position (Positions) see the
                // progress of segments on other nodes at most this late
                .claimExtensionThreshold(CLAIM_EXTENSION.toMillis());
    }

    /**
     * Token claims name their owner. Axon's default owner is the JVM's {@code pid@host}, which two nodes share when
     * they run in one JVM (and two containers may share too): each would take the other's claims for its own and
     * both would process the same events. Every node gets a name of its own.
     */
    @Bean
    TokenStore tokenStore(
            @Qualifier("serializer") Serializer serializer,
            EntityManagerProvider entityManagerProvider,
            TokenStoreProperties properties,
            ProcessingSettings settings) {
        return JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(settings.nodeName())
                .build();
    }

    /**
     * Deadlines live in Quartz's JDBC store, in the application's own database: they survive a restart, and a
     * deadline that came due while the application was down fires when it is back.
     */
    @Bean
    DeadlineManager deadlineManager(
            Scheduler scheduler,
            org.axonframework.config.Configuration axon,
            @Qualifier("serializer") Serializer serializer,
            TransactionManager transactionManager,
            DeadlineManagerSpanFactory spanFactory) {
        return QuartzDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .build();
    }

    /**
     * A request's id and trace context travel from command to event to saga command like Axon's own correlation and
     * trace ids.
     */
    @Bean
    CorrelationDataProvider requestCorrelation() {
        return new SimpleCorrelationDataProvider(Correlation.KEYS.toArray(String[]::new));
    }

    /**
     * Axon's update emitter as Axon's auto-configuration builds it (its message monitor and span factory), with the
     * check for a subscription registered twice a lookup instead of a walk over every open one. Axon's
     * auto-configuration defines its own emitter whatever is there; the primary one is what Axon's configuration and
     * every injection take, and Axon's stays unused.
     */
    @Bean
    @Primary
    QueryUpdateEmitter indexedQueryUpdateEmitter(org.axonframework.config.Configuration axon) {
        return new IndexedQueryUpdateEmitter(SimpleQueryUpdateEmitter.builder()
                .updateMessageMonitor(axon.messageMonitor(QueryUpdateEmitter.class, "queryUpdateEmitter"))
                .spanFactory(axon.getComponent(QueryUpdateEmitterSpanFactory.class)));
    }

    /** Not an Executor bean: one would displace Spring's own task executor (used by async MVC and SSE). */
    @Bean
    RetryExecutor commandRetryExecutor() {
        return new RetryExecutor(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "command-retry");
            t.setDaemon(true);
            return t;
        }));
    }

    /**
     * Concurrent commands on one aggregate conflict on its sequence number; only such conflicts are retried, a few
     * times, before the caller sees them (as 409). Business rejections and everything else fail at once.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryExecutor commandRetryExecutor) {
        commandBus.registerHandlerInterceptor(Correlation.intoLogs());
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .dispatchInterceptors(Correlation.fromRequest(), Tenants.intoCommands())
                .retryScheduler(new ConflictRetryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(commandRetryExecutor.executor())
                        .retryInterval(50)
                        .maxRetryCount(3)))
                .build();
    }

    record RetryExecutor(ScheduledExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
