package io.conveyor.edge.config;

import javax.sql.DataSource;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded event store's engine, unless Axon Server holds the events (profile {@code axonserver}). Axon's own JPA
 * engine configuration steps back when this one is present, so its entities are registered here; with the JDBC engine
 * they only describe the same tables.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class EventStorageConfiguration {
    /**
     * Axon's embedded event store as its auto-configuration builds it, but with every processor reading the store on
     * a stream of its own. Axon's default shares one reader between the processors at the head of the stream, through
     * a linked list of the events it fetched, and a processor that stops reading keeps every node fetched after its
     * own reachable: with a backlog of a million events stored by another writer, that filled a 1 GiB heap (decision
     * 44).
     */
    @Bean(name = "eventBus")
    @Qualifier("eventStore")
    EmbeddedEventStore eventStore(
            EventStorageEngine engine, org.axonframework.config.Configuration axon, EventStorageSettings settings) {
        return store(
                engine,
                axon.messageMonitor(EventStore.class, "eventStore"),
                axon.getComponent(EventBusSpanFactory.class),
                settings.sharedReader());
    }

    static EmbeddedEventStore store(
            EventStorageEngine engine,
            MessageMonitor<? super EventMessage<?>> monitor,
            EventBusSpanFactory spans,
            boolean sharedReader) {
        return EmbeddedEventStore.builder()
                .storageEngine(engine)
                .messageMonitor(monitor)
                .spanFactory(spans)
                .optimizeEventConsumption(sharedReader)
                .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(
            EventStorageSettings settings,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            @Qualifier("serializer") Serializer serializer,
            org.axonframework.config.Configuration axon,
            PersistenceExceptionResolver exceptionResolver,
            TransactionManager transactionManager,
            EntityManagerProvider entityManagerProvider,
            DataSource dataSource) {
        EventStorageEngines.Parts parts = new EventStorageEngines.Parts(
                eventSerializer,
                serializer,
                axon.upcasterChain(),
                exceptionResolver,
                axon.snapshotFilter(),
                transactionManager);
        return switch (settings.engine()) {
            case JPA -> {
                // its entity has no place for the tenant column, which then takes its default for every event
                if (!settings.jpaSingleTenant()) {
                    throw new IllegalStateException("conveyor.event-store.engine=jpa stores every event as the default"
                            + " tenant's: Axon's JPA engine cannot write domain_event_entry.tenant (docs/decisions.md,"
                            + " 29). Set conveyor.event-store.jpa-single-tenant=true to accept that, for an"
                            + " application only the default tenant uses");
                }
                yield EventStorageEngines.jpa(settings, parts, entityManagerProvider);
            }
            case JDBC ->
                EventStorageEngines.jdbc(
                        settings,
                        parts,
                        new UnitOfWorkAwareConnectionProviderWrapper(
                                new SpringDataSourceConnectionProvider(dataSource)));
        };
    }
}
