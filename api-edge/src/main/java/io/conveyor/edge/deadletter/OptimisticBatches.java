package io.conveyor.edge.deadletter;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How a dead-lettering processor's batches run: whole at first, each handler without a savepoint or a flush of its
 * own, and one event at a time behind savepoints only after a batch failed. An event that fails in a whole batch is
 * not parked: its letter would be stored in a transaction holding whatever the handler wrote before it failed.
 * Instead the batch fails and rolls back, Axon's processor handles it again after its back-off, and the events the
 * failed batch had handled ({@linkplain #isSuspect suspects}) now run isolated ({@link IsolatedHandlers}): the one
 * that fails is parked, the rest committed. A suspect stops being one once its isolated handling commits.
 *
 * <p>A savepoint and a flush per event cost a replay over a third of its speed (decision 47); a failing event costs its
 * batch a second attempt and Axon's back-off of a second or more. Handlers run at least once either way: a failed
 * batch's events are handled again, as after a crash. Retries of parked letters run outside processor batches and stay
 * isolated.
 */
final class OptimisticBatches {
    private static final Logger log = LoggerFactory.getLogger(OptimisticBatches.class);
    /** Past this, the suspects are forgotten: they only make events run isolated, which a failure would redo. */
    private static final int MOST_SUSPECTS = 100_000;

    private final String processingGroup;
    private final Set<String> suspects = ConcurrentHashMap.newKeySet();

    OptimisticBatches(String processingGroup) {
        this.processingGroup = processingGroup;
    }

    /**
     * The batch of this processing group that the current transaction runs, or none outside a processor's batch (a
     * letter's retry) or a transaction.
     */
    Batch current() {
        Object bound = TransactionSynchronizationManager.getResource(this);
        if (bound != null) {
            return (Batch) bound;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !CurrentUnitOfWork.isStarted()
                || !(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork)) {
            return null;
        }
        Batch batch = new Batch();
        TransactionSynchronizationManager.bindResource(this, batch);
        TransactionSynchronizationManager.registerSynchronization(batch);
        return batch;
    }

    /** Whether the event failed in its handler while the current transaction ran its batch whole. */
    boolean failedWhole(String eventIdentifier) {
        return TransactionSynchronizationManager.getResource(this) instanceof Batch batch
                && batch.whole.contains(eventIdentifier);
    }

    boolean isSuspect(String eventIdentifier) {
        return suspects.contains(eventIdentifier);
    }

    /** One transaction's batch: which events it handled whole and which isolated. */
    final class Batch implements TransactionSynchronization {
        private final Set<String> whole = new HashSet<>();
        private final Set<String> isolated = new HashSet<>();

        /** Answers whether the event runs whole; a suspect does not, and is remembered as isolated instead. */
        boolean runsWhole(String eventIdentifier) {
            if (isSuspect(eventIdentifier)) {
                isolated.add(eventIdentifier);
                return false;
            }
            whole.add(eventIdentifier);
            return true;
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(OptimisticBatches.this);
            if (status == STATUS_COMMITTED) {
                suspects.removeAll(isolated);
            } else if (!whole.isEmpty()) {
                if (suspects.size() + whole.size() > MOST_SUSPECTS) {
                    suspects.clear();
                }
                suspects.addAll(whole);
                log.info(
                        "{}: a batch of {} events failed; they are handled again one at a time",
                        processingGroup,
                        whole.size() + isolated.size());
            }
        }
    }
}
