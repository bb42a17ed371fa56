package io.conveyor.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.common.RuleViolationException;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class ConflictRetrySchedulerTest {
    private final ConflictRetryScheduler scheduler = new ConflictRetryScheduler(IntervalRetryScheduler.builder()
            .retryExecutor(Executors.newSingleThreadScheduledExecutor())
            .retryInterval(1)
            .maxRetryCount(3));

    @Test
    void a_lost_race_is_retried_even_though_the_database_error_under_it_is_not_a_conflict() {
        ConcurrencyException conflict =
                new ConcurrencyException("sequence 3 was taken", new SQLException("duplicate key value"));

        assertThat(scheduler.isExplicitlyNonTransient(conflict)).isFalse();
    }

    @Test
    void a_business_rejection_is_never_retried() {
        assertThat(scheduler.isExplicitlyNonTransient(new RuleViolationException("invalid-quantity", "no")))
                .isTrue();
    }
}
