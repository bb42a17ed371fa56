package io.conveyor.edge.deadletter;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.annotation.Nonnull;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Axon's JPA dead-letter queue of one processing group, made safe for handlers whose failure dooms the processor's
 * transaction (a change the database refused marks it rollback-only; a savepoint cannot undo that). Such a letter is
 * stored in a transaction of its own; the processor's transaction then fails, the processor handles the event again,
 * finds its sequence parked and parks the event behind it, which this queue recognises by the event's id and does
 * not store twice. Storing an event once per group also makes a redelivery after a crash harmless. An event that fails
 * while its batch runs whole is not stored at all: the batch fails instead ({@link OptimisticBatches}).
 */
final class ParkingQueue implements SequencedDeadLetterQueue<EventMessage<?>> {
    private static final Logger log = LoggerFactory.getLogger(ParkingQueue.class);

    private final String processingGroup;
    private final SequencedDeadLetterQueue<EventMessage<?>> delegate;
    private final EntityManagerProvider entityManagers;
    private final EntityManagerFactory entityManagerFactory;
    private final TransactionTemplate joining;
    private final TransactionTemplate separate;
    private final OptimisticBatches batches;

    ParkingQueue(
            String processingGroup,
            SequencedDeadLetterQueue<EventMessage<?>> delegate,
            EntityManagerProvider entityManagers,
            EntityManagerFactory entityManagerFactory,
            PlatformTransactionManager transactions,
            OptimisticBatches batches) {
        this.processingGroup = processingGroup;
        this.delegate = delegate;
        this.entityManagers = entityManagers;
        this.entityManagerFactory = entityManagerFactory;
        this.joining = new TransactionTemplate(transactions);
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.batches = batches;
    }

    String processingGroup() {
        return processingGroup;
    }

    @Override
    public void enqueue(@Nonnull Object sequenceIdentifier, @Nonnull DeadLetter<? extends EventMessage<?>> letter)
            throws DeadLetterQueueOverflowException {
        if (batches.failedWhole(letter.message().getIdentifier())) {
            // not parked from a batch that ran whole: the batch fails, and its events run again one at a time
            throw new BatchFailed(processingGroup, letter);
        }
        if (currentTransactionIsDoomed()) {
            log.warn(
                    "event {} failed {} and rolls back its transaction: parked on its own, the event is handled again",
                    letter.message().getIdentifier(),
                    processingGroup);
            separate.executeWithoutResult(status -> enqueueOnce(sequenceIdentifier, letter));
        } else {
            joining.executeWithoutResult(status -> enqueueOnce(sequenceIdentifier, letter));
        }
    }

    private void enqueueOnce(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        if (isParked(letter.message().getIdentifier())) {
            return;
        }
        delegate.enqueue(sequenceIdentifier, letter);
        letter.cause()
                .ifPresentOrElse(
                        cause -> log.warn(
                                "{} parked event {} of sequence {}: {}: {}",
                                processingGroup,
                                letter.message().getIdentifier(),
                                sequenceIdentifier,
                                cause.type(),
                                cause.message()),
                        () -> log.info(
                                "{} parked event {} behind the parked events of sequence {}",
                                processingGroup,
                                letter.message().getIdentifier(),
                                sequenceIdentifier));
    }

    /** An event failed in a batch that ran whole; the batch is rolled back and handled again one event at a time. */
    static final class BatchFailed extends RuntimeException {
        BatchFailed(String processingGroup, DeadLetter<? extends EventMessage<?>> letter) {
            super(processingGroup + ": event " + letter.message().getIdentifier()
                    + " failed in a batch run whole, which is handled again one event at a time: "
                    + letter.cause().map(c -> c.type() + ": " + c.message()).orElse("no cause"));
        }
    }

    private boolean isParked(String eventIdentifier) {
        return entityManagers
                        .getEntityManager()
                        .createQuery(
                                "select count(dl) from DeadLetterEntry dl where dl.processingGroup = :group"
                                        + " and dl.message.eventIdentifier = :event",
                                Long.class)
                        .setParameter("group", processingGroup)
                        .setParameter("event", eventIdentifier)
                        .getSingleResult()
                > 0;
    }

    private boolean currentTransactionIsDoomed() {
        if (!(TransactionSynchronizationManager.getResource(entityManagerFactory)
                instanceof EntityManagerHolder holder)) {
            return false;
        }
        if (holder.isRollbackOnly()) {
            return true;
        }
        EntityManager entityManager = holder.getEntityManager();
        EntityTransaction transaction = entityManager.getTransaction();
        return transaction.isActive() && transaction.getRollbackOnly();
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        delegate.evict(letter);
    }

    @Override
    public void requeue(
            @Nonnull DeadLetter<? extends EventMessage<?>> letter,
            @Nonnull UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater)
            throws NoSuchDeadLetterException {
        delegate.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(@Nonnull Object sequenceIdentifier) {
        return delegate.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(@Nonnull Object sequenceIdentifier) {
        return delegate.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public boolean isFull(@Nonnull Object sequenceIdentifier) {
        return delegate.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long sequenceSize(@Nonnull Object sequenceIdentifier) {
        return delegate.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return delegate.amountOfSequences();
    }

    @Override
    public boolean process(
            @Nonnull Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
            @Nonnull Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return delegate.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        delegate.clear();
    }
}
