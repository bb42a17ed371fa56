package io.conveyor.benchmark;

import io.conveyor.edge.config.ByteaPostgresDialect;
import io.conveyor.edge.config.EventStorageEngines;
import io.conveyor.edge.config.EventStorageSettings;
import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.jpa.SimpleEntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLErrorCodesResolver;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.NoOpEventUpcaster;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy;
import org.hibernate.dialect.H2Dialect;
import org.springframework.boot.orm.jpa.hibernate.SpringImplicitNamingStrategy;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

/**
 * An event storage engine built by {@link EventStorageEngines} exactly as the application builds it, over a Spring
 * transaction manager of the kind the application runs it under, with the Hibernate settings Spring Boot applies.
 */
final class StoreUnderTest implements AutoCloseable {
    final EventStorageEngine engine;
    final TransactionManager transactions;
    private final EntityManagerFactory entityManagers;

    private StoreUnderTest(
            EventStorageEngine engine, TransactionManager transactions, EntityManagerFactory entityManagers) {
        this.engine = engine;
        this.transactions = transactions;
        this.entityManagers = entityManagers;
    }

    static StoreUnderTest open(BenchmarkDatabase db, EventStorageSettings settings) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        SQLErrorCodesResolver resolver;
        try {
            resolver = new SQLErrorCodesResolver(db.dataSource);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the database's error codes", e);
        }
        if (settings.engine() == EventStorageSettings.Engine.JDBC) {
            TransactionManager tx = new SpringTransactionManager(new DataSourceTransactionManager(db.dataSource));
            EventStorageEngines.Parts parts = new EventStorageEngines.Parts(
                    serializer, serializer, NoOpEventUpcaster.INSTANCE, resolver, SnapshotFilter.allowAll(), tx);
            return new StoreUnderTest(
                    EventStorageEngines.jdbc(
                            settings,
                            parts,
                            new UnitOfWorkAwareConnectionProviderWrapper(
                                    new SpringDataSourceConnectionProvider(db.dataSource))),
                    tx,
                    null);
        }
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(db.dataSource);
        factory.setPackagesToScan("org.axonframework.eventsourcing.eventstore.jpa");
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.setJpaPropertyMap(Map.of(
                "hibernate.physical_naming_strategy",
                CamelCaseToUnderscoresNamingStrategy.class.getName(),
                "hibernate.implicit_naming_strategy",
                SpringImplicitNamingStrategy.class.getName(),
                "hibernate.id.sequence.increment_size_mismatch_strategy",
                "fix",
                "hibernate.dialect",
                db.vendor == BenchmarkDatabase.Vendor.POSTGRES
                        ? ByteaPostgresDialect.class.getName()
                        : H2Dialect.class.getName(),
                "hibernate.hbm2ddl.auto",
                "validate"));
        factory.afterPropertiesSet();
        EntityManagerFactory emf = factory.getObject();
        TransactionManager tx = new SpringTransactionManager(new JpaTransactionManager(emf));
        EventStorageEngines.Parts parts = new EventStorageEngines.Parts(
                serializer, serializer, NoOpEventUpcaster.INSTANCE, resolver, SnapshotFilter.allowAll(), tx);
        return new StoreUnderTest(
                EventStorageEngines.jpa(
                        settings,
                        parts,
                        new SimpleEntityManagerProvider(SharedEntityManagerCreator.createSharedEntityManager(emf))),
                tx,
                emf);
    }

    @Override
    public void close() {
        if (entityManagers != null) {
            entityManagers.close();
        }
    }
}
