package io.conveyor.edge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

/** A batch runs whole until it fails; then the events it had handled run isolated until that commits. */
class OptimisticBatchesTest {
    final OptimisticBatches batches = new OptimisticBatches("test-group");

    @Test
    void a_batch_runs_whole_and_after_it_failed_its_events_run_isolated_until_they_commit() {
        EventMessage<?> first = event("first");
        EventMessage<?> second = event("second");
        List<Boolean> whole = new ArrayList<>();

        inTransaction(TransactionSynchronization.STATUS_ROLLED_BACK, first, second, message -> {
            whole.add(batches.current().runsWhole(message.getIdentifier()));
            assertThat(batches.failedWhole(message.getIdentifier())).isTrue();
        });
        assertThat(whole).containsExactly(true, true);
        assertThat(batches.isSuspect(first.getIdentifier())).isTrue();
        assertThat(batches.isSuspect(second.getIdentifier())).isTrue();

        // handled again: the suspects isolated, a new event whole
        EventMessage<?> third = event("third");
        whole.clear();
        inTransaction(TransactionSynchronization.STATUS_COMMITTED, first, third, message -> {
            whole.add(batches.current().runsWhole(message.getIdentifier()));
        });
        assertThat(whole).containsExactly(false, true);
        assertThat(batches.isSuspect(first.getIdentifier())).isFalse();
        assertThat(batches.isSuspect(second.getIdentifier())).isTrue(); // not handled yet
        assertThat(batches.isSuspect(third.getIdentifier())).isFalse();
    }

    @Test
    void outside_a_processors_batch_nothing_runs_whole() {
        EventMessage<?> letter = event("retried");
        TransactionSynchronizationManager.initSynchronization();
        try {
            DefaultUnitOfWork.startAndGet(letter)
                    .execute(() -> assertThat(batches.current()).isNull());
            assertThat(batches.failedWhole(letter.getIdentifier())).isFalse();
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        new BatchingUnitOfWork<>(List.of(letter))
                .execute(() -> assertThat(batches.current()).isNull()); // no transaction
    }

    /** Runs the messages as one batch in a transaction that ends with the given status. */
    private static void inTransaction(
            int status, EventMessage<?> first, EventMessage<?> second, Consumer<EventMessage<?>> handler) {
        TransactionSynchronizationManager.initSynchronization();
        try {
            BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(first, second));
            batch.execute(() -> handler.accept(batch.getMessage()));
            TransactionSynchronizationUtils.invokeAfterCompletion(
                    TransactionSynchronizationManager.getSynchronizations(), status);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    private static EventMessage<?> event(String payload) {
        return GenericEventMessage.asEventMessage(payload);
    }
}
