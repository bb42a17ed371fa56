package io.conveyor.edge.deadletter;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.Executable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import java.util.function.Function;
import javax.annotation.Nonnull;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs an event handler of a dead-lettering processor behind a savepoint of the processor's transaction, and flushes
 * its changes before it returns, when its event must run isolated: a suspect of a failed batch, or a letter's retry.
 * Other events of a processor's batch run whole, without either ({@link OptimisticBatches}). An isolated handler that
 * fails leaves nothing behind: neither rows it wrote before failing nor pending changes, and on PostgreSQL not an
 * aborted transaction either (a failed statement aborts the whole transaction there, and the dead letter could not be
 * stored in it). Flushing inside the handler makes a change the database refuses fail the handler, where it can be
 * parked, instead of the processor's commit, where it would stop the processor.
 */
final class IsolatedHandlers implements HandlerDefinition {
    private final Function<Class<?>, HandlerDefinition> handlerDefinitions;
    private final EntityManagerFactory entityManagerFactory;
    private final OptimisticBatches batches;

    IsolatedHandlers(
            Function<Class<?>, HandlerDefinition> handlerDefinitions,
            EntityManagerFactory entityManagerFactory,
            OptimisticBatches batches) {
        this.handlerDefinitions = handlerDefinitions;
        this.entityManagerFactory = entityManagerFactory;
        this.batches = batches;
    }

    @Override
    public <T> Optional<MessageHandlingMember<T>> createHandler(
            @Nonnull Class<T> declaringType,
            @Nonnull Executable executable,
            @Nonnull ParameterResolverFactory parameterResolverFactory) {
        return handlerDefinitions
                .apply(declaringType)
                .createHandler(declaringType, executable, parameterResolverFactory)
                .map(member ->
                        member.annotationAttributes(EventHandler.class).isPresent() ? new Isolated<>(member) : member);
    }

    private final class Isolated<T> extends WrappedMessageHandlingMember<T> {
        Isolated(MessageHandlingMember<T> delegate) {
            super(delegate);
        }

        @Override
        public Object handle(@Nonnull Message<?> message, T target) throws Exception {
            EntityManagerHolder holder =
                    (EntityManagerHolder) TransactionSynchronizationManager.getResource(entityManagerFactory);
            if (holder == null) {
                return super.handle(message, target);
            }
            OptimisticBatches.Batch batch = batches.current();
            if (batch != null && batch.runsWhole(message.getIdentifier())) {
                return super.handle(message, target);
            }
            EntityManager entityManager = holder.getEntityManager();
            entityManager.flush(); // whatever came before belongs to the handlers that succeeded
            Connection connection = entityManager.unwrap(Session.class).doReturningWork(c -> c);
            Savepoint savepoint = connection.setSavepoint();
            try {
                Object result = super.handle(message, target);
                entityManager.flush();
                // written, so nothing more to track: each flush checks every entity the context holds, and a batch
                // of events kept them all, which made a batch's flushes grow with the square of its size
                entityManager.clear();
                return result;
            } catch (Exception | Error e) {
                undo(connection, savepoint, entityManager, e);
                throw e;
            }
        }

        private static void undo(Connection connection, Savepoint savepoint, EntityManager entityManager, Throwable e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            entityManager.clear();
        }
    }
}
