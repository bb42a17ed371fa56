package io.conveyor.projection.support;

import java.util.function.Consumer;
import org.springframework.data.repository.CrudRepository;

/** A read-model row that remembers the last event sequence of its aggregate it applied. */
public interface SequencedRow {
    boolean hasApplied(long sequence);

    /**
     * Applies a change to an existing row unless the event was applied before (a redelivery or a replay overlap).
     * Rows that do not exist yet are left alone: their creating event comes first.
     */
    static <R extends SequencedRow> void applyOnce(
            CrudRepository<R, String> rows, String id, long sequence, Consumer<R> change) {
        rows.findById(id).filter(row -> !row.hasApplied(sequence)).ifPresent(change);
    }
}
