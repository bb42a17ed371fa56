package io.conveyor.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.annotation.AnnotatedHandlerInspector;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMemberDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.MultiHandlerDefinition;
import org.axonframework.messaging.annotation.MultiHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.AxonTaskJanitor;
import org.axonframework.messaging.timeout.HandlerTimeoutConfiguration;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.TaskTimeoutSettings;

/**
 * What Axon's time limit on an event handler's call costs (decision 53): one annotated handler called through Axon's
 * handler definition, with the limit Axon sets by default and without it, from stacks of several depths (a processor's
 * worker calls its handlers some 60 frames deep, a request thread deeper). Alternating, in one JVM.
 */
final class HandlerTimeLimitBenchmark {
    private static final int CALLS = 200_000;
    private static final int[] DEPTHS = {20, 60, 120};

    private HandlerTimeLimitBenchmark() {}

    /** The handler measured: as cheap as a handler can be, so that what is measured is the call around it. */
    static final class Handler {
        long seen;

        @EventHandler
        void on(String payload) {
            seen += payload.length();
        }
    }

    static String run(int repetitions) throws Exception {
        EventMessage<String> event = GenericEventMessage.asEventMessage("restocked");
        Handler target = new Handler();
        StringBuilder report = new StringBuilder("## Axon's time limit on an event handler's call\n\n");
        report.append(String.format(
                Locale.ROOT,
                "%,d calls per measurement, after %,d to warm up; microseconds per call, one figure per repetition,"
                        + " the two alternating. Java %s.%n%n"
                        + "| stack depth | with Axon's limit | without |%n|---|---|---|%n",
                CALLS,
                CALLS / 10,
                System.getProperty("java.version")));
        for (int depth : DEPTHS) {
            List<String> limited = new ArrayList<>();
            List<String> free = new ArrayList<>();
            for (int repetition = 0; repetition < repetitions; repetition++) {
                limited.add(format(atDepth(depth, () -> perCall(member(true), event, target))));
                free.add(format(atDepth(depth, () -> perCall(member(false), event, target))));
            }
            report.append(String.format(
                    Locale.ROOT, "| %d | %s | %s |%n", depth, String.join(", ", limited), String.join(", ", free)));
        }
        AxonTaskJanitor.INSTANCE.shutdown(); // the limits' scheduler: its thread would keep the JVM running
        return report.toString();
    }

    /** The handler as Axon's configuration builds it, with the limit of Axon's defaults (30 s, warnings from 10 s). */
    private static MessageHandlingMember<? super Handler> member(boolean limited) {
        TaskTimeoutSettings events =
                limited ? new TaskTimeoutSettings(30_000, 10_000, 1_000) : new TaskTimeoutSettings(-1, -1, 1_000);
        HandlerTimeoutConfiguration limits = new HandlerTimeoutConfiguration(events, events, events, events);
        HandlerDefinition definition = new MultiHandlerDefinition(
                List.of(new AnnotatedMessageHandlingMemberDefinition()),
                MultiHandlerEnhancerDefinition.ordered(new HandlerTimeoutHandlerEnhancerDefinition(limits)));
        return AnnotatedHandlerInspector.inspectType(
                        Handler.class, ClasspathParameterResolverFactory.forClass(Handler.class), definition)
                .getHandlers()
                .get(0);
    }

    private static double perCall(
            MessageHandlingMember<? super Handler> member, EventMessage<String> event, Handler target)
            throws Exception {
        for (int i = 0; i < CALLS / 10; i++) {
            member.handle(event, target);
        }
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            member.handle(event, target);
        }
        return (System.nanoTime() - start) / 1_000.0 / CALLS;
    }

    /** Runs the measurement {@code depth} frames below this one. */
    private static double atDepth(int depth, Callable<Double> measurement) throws Exception {
        return depth == 0 ? measurement.call() : atDepth(depth - 1, measurement);
    }

    private static String format(double microseconds) {
        return String.format(Locale.ROOT, "%.2f", microseconds);
    }
}
