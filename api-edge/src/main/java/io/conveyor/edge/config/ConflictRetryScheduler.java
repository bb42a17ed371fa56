package io.conveyor.edge.config;

import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Retries a command only when it lost a race on its aggregate. Axon's default test walks the failure's causes and
 * would judge the database's duplicate-key error under a {@link ConcurrencyException} on its own; here the whole
 * chain decides: a conflict anywhere in it is worth a retry, anything else is not.
 */
class ConflictRetryScheduler extends IntervalRetryScheduler {

    ConflictRetryScheduler(Builder builder) {
        super(builder);
    }

    @Override
    protected boolean isExplicitlyNonTransient(Throwable failure) {
        return !isConcurrencyConflict(failure);
    }

    static boolean isConcurrencyConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
