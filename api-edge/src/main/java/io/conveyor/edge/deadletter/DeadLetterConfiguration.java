package io.conveyor.edge.deadletter;

import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;

@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    @Bean
    RetryPolicy deadLetterRetryPolicy(DeadLetterSettings settings) {
        return new RetryPolicy(settings, Clock.systemUTC());
    }

    /**
     * Each processor named in {@code conveyor.dead-letters.processors} parks a failing event in Axon's JPA dead-letter
     * queue, in the application's database, and goes on with other sequences. Its batches run whole, and one event at a
     * time with each handler isolated after a batch failed ({@link OptimisticBatches}, {@link IsolatedHandlers}). A
     * retry runs the handlers in a transaction of their own, apart from the one that claims, requeues or removes the
     * letter, so a failed retry is recorded whatever the handler did to its transaction. A replay clears the
     * processor's letters: it handles those events again anyway.
     */
    @Bean
    ConfigurerModule deadLetterQueues(
            DeadLetterSettings settings,
            RetryPolicy policy,
            EntityManagerProvider entityManagers,
            EntityManagerFactory entityManagerFactory,
            TransactionManager axonTransactions,
            PlatformTransactionManager transactions,
            @Qualifier("serializer") Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer) {
        TransactionManager ownTransaction = new SpringTransactionManager(
                transactions, new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW));
        return configurer ->
                configurer.eventProcessing(processing -> settings.processors().forEach(group -> {
                    OptimisticBatches batches = new OptimisticBatches(group);
                    processing
                            .registerDeadLetterQueue(
                                    group,
                                    conf -> new ParkingQueue(
                                            group,
                                            JpaSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                                    .processingGroup(group)
                                                    .entityManagerProvider(entityManagers)
                                                    .transactionManager(axonTransactions)
                                                    .genericSerializer(serializer)
                                                    .eventSerializer(eventSerializer)
                                                    .build(),
                                            entityManagers,
                                            entityManagerFactory,
                                            transactions,
                                            batches))
                            .registerDeadLetterPolicy(group, conf -> policy)
                            .registerDeadLetteringEventHandlerInvokerConfiguration(
                                    group,
                                    (conf, builder) -> builder
                                            // a segment remembers which of its sequences are parked instead of asking
                                            // the database on every event
                                            .enableSequenceIdentifierCache()
                                            .allowReset(true)
                                            .transactionManager(ownTransaction)
                                            .handlerDefinition(new IsolatedHandlers(
                                                    conf::handlerDefinition, entityManagerFactory, batches)));
                }));
    }
}
