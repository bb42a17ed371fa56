package io.conveyor.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.conveyor.contracts.common.RuleViolationException;
import io.conveyor.contracts.common.StateConflictException;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

/** The outcome of a command is known only when its unit of work ends: these drive units of work as the bus does. */
class CommandMetricsTest {
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CommandMetrics metrics = new CommandMetrics(meters);

    @Test
    void a_handled_command_is_ok_and_published_as_a_histogram() {
        handle(() -> "done");

        assertThat(count("ok")).isEqualTo(1);
        assertThat(meters.scrape())
                .contains("conveyor_commands_seconds_bucket{command=\"ShipIt\",outcome=\"ok\",le=\"0.001\"}")
                .contains("conveyor_commands_seconds_count{command=\"ShipIt\",outcome=\"ok\"} 1");
    }

    @Test
    void business_rejections_of_either_kind_are_rejected() {
        handle(() -> {
            throw new RuleViolationException("invalid-quantity", "no");
        });
        handle(() -> {
            throw new StateConflictException("order-already-shipped", "no");
        });

        assertThat(count("rejected")).isEqualTo(2);
    }

    @Test
    void a_missing_target_is_not_found_and_anything_else_an_error() {
        handle(() -> {
            throw new AggregateNotFoundException("prd_1", "no such product");
        });
        handle(() -> {
            throw new IllegalStateException("bug");
        });

        assertThat(count("not-found")).isEqualTo(1);
        assertThat(count("error")).isEqualTo(1);
    }

    @Test
    void a_conflict_found_while_committing_the_events_is_a_conflict_not_ok() {
        handle(() -> {
            CurrentUnitOfWork.get().onPrepareCommit(u -> {
                throw new ConcurrencyException("sequence 7 is taken");
            });
            return "handled, but not stored";
        });

        assertThat(count("conflict")).isEqualTo(1);
        assertThat(find("ok")).isNull();
    }

    @Test
    void a_command_inside_another_unit_of_work_counts_when_that_one_ends() {
        DefaultUnitOfWork<?> outer =
                DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("a saga's event"));
        handle(() -> "done");
        assertThat(find("ok")).as("not before the outer unit of work commits").isNull();

        outer.rollback(new IllegalStateException("the saga's step failed"));

        assertThat(count("error")).isEqualTo(1);
        assertThat(find("ok")).isNull();
    }

    @Test
    void a_command_inside_another_unit_of_work_is_ok_once_that_one_commits() {
        DefaultUnitOfWork<?> outer =
                DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("a saga's event"));
        handle(() -> "done");

        outer.commit();

        assertThat(count("ok")).isEqualTo(1);
    }

    @Test
    void a_command_inside_another_unit_of_work_is_timed_until_its_own_commit_not_the_outer_one() {
        MockClock clock = new MockClock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
        CommandMetrics timed = new CommandMetrics(registry);
        DefaultUnitOfWork<?> outer =
                DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("a saga's event"));
        CommandMessage<ShipIt> command = GenericCommandMessage.asCommandMessage(new ShipIt());
        DefaultUnitOfWork<CommandMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(command);
        unitOfWork.executeWithResult(() -> timed.handle(unitOfWork, () -> {
            clock.add(Duration.ofMillis(40));
            return "done";
        }));

        clock.add(Duration.ofSeconds(2)); // the saga's other steps
        outer.commit();

        Timer ok = registry.get(CommandMetrics.NAME)
                .tags("command", "ShipIt", "outcome", "ok")
                .timer();
        assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
    }

    private void handle(InterceptorChain handler) {
        CommandMessage<ShipIt> command = GenericCommandMessage.asCommandMessage(new ShipIt());
        DefaultUnitOfWork<CommandMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(command);
        unitOfWork.executeWithResult(() -> metrics.handle(unitOfWork, handler));
    }

    private long count(String outcome) {
        Timer timer = find(outcome);
        return timer == null ? 0 : timer.count();
    }

    private Timer find(String outcome) {
        return meters.find(CommandMetrics.NAME)
                .tags("command", "ShipIt", "outcome", outcome)
                .timer();
    }

    private record ShipIt() {}
}
