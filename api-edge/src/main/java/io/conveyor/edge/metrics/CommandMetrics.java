package io.conveyor.edge.metrics;

import io.conveyor.contracts.common.DomainRejectionException;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Times every command where it is handled, as {@code conveyor.commands} with the tags {@code command} (the payload's
 * simple name) and {@code outcome}. The time runs until the command's own unit of work has committed (its events
 * appended) or rolled back, not until the handler returns. The outcome is taken when it is final: a concurrency
 * conflict shows up only when the events are appended at commit, and a command sent inside another unit of work (a
 * saga's) is {@code ok} only once that one commits too; if that one rolls back, the command had no effect.
 */
class CommandMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {
    static final String NAME = "conveyor.commands";
    private static final long NOT_YET = Long.MIN_VALUE;

    private final MeterRegistry meters;

    CommandMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        String command = unitOfWork.getMessage().getPayloadType().getSimpleName();
        Clock clock = meters.config().clock();
        long start = clock.monotonicTime();
        AtomicLong committed = new AtomicLong(NOT_YET);
        AtomicBoolean recorded = new AtomicBoolean();
        // a nested unit of work commits into its parent's transaction: its own work ends here, its fate later
        unitOfWork.onCommit(u -> committed.compareAndSet(NOT_YET, clock.monotonicTime()));
        unitOfWork.afterCommit(u -> {
            if (recorded.compareAndSet(false, true)) {
                record(command, outcomeOf(u.getExecutionResult()), start, committed.get());
            }
        });
        unitOfWork.onRollback(u -> {
            if (recorded.compareAndSet(false, true)) {
                record(command, rolledBack(u), start, committed.get());
            }
        });
        return interceptorChain.proceed();
    }

    private void record(String command, String outcome, long start, long committed) {
        long end = committed != NOT_YET ? committed : meters.config().clock().monotonicTime();
        timer(command, outcome).record(end - start, TimeUnit.NANOSECONDS);
    }

    /** As the edge answers: 422 or 409 rejected, 409 conflict, 404 not-found, 500 error. */
    static String outcomeOf(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof DomainRejectionException) {
                return "rejected";
            }
            if (cause instanceof ConcurrencyException) {
                return "conflict";
            }
            if (cause instanceof AggregateNotFoundException) {
                return "not-found";
            }
        }
        return "error";
    }

    private static String outcomeOf(ExecutionResult result) {
        return result != null && result.isExceptionResult() ? outcomeOf(result.getExceptionResult()) : "ok";
    }

    /** A nested unit of work rolled back by its parent keeps its own (successful) result: the parent's says why. */
    private static String rolledBack(UnitOfWork<?> unitOfWork) {
        ExecutionResult own = unitOfWork.getExecutionResult();
        if (own != null && own.isExceptionResult()) {
            return outcomeOf(own.getExceptionResult());
        }
        ExecutionResult root = unitOfWork.root().getExecutionResult();
        return root != null && root.isExceptionResult() ? outcomeOf(root.getExceptionResult()) : "error";
    }

    private Timer timer(String command, String outcome) {
        return Timer.builder(NAME)
                .description("commands handled on this node, until their unit of work committed or rolled back")
                .tag("command", command)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }
}
