package io.conveyor.edge.amqp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code conveyor.amqp.published}: every message's outcome, counted once per attempt (a batch published again counts
 * again); {@code conveyor.amqp.confirm.latency}: from sending a message to the broker's answer, positive or not.
 */
class AmqpMetrics {
    enum Outcome {
        /** The broker took it and routed it to at least one queue. */
        CONFIRMED,
        /** The broker refused it (a negative confirm), or the channel closed before it answered. */
        REJECTED,
        /** No queue is bound for its routing key. */
        RETURNED,
        /** No answer within the confirm timeout. */
        UNCONFIRMED,
        /** Not sent: no connection to the broker. */
        FAILED;

        String tag() {
            return name().toLowerCase();
        }
    }

    private final Map<Outcome, Counter> published = new EnumMap<>(Outcome.class);
    private final Timer latency;

    AmqpMetrics(MeterRegistry meters) {
        for (Outcome outcome : Outcome.values()) {
            published.put(
                    outcome,
                    Counter.builder("conveyor.amqp.published")
                            .description("messages published to the broker, by what became of them")
                            .baseUnit("messages")
                            .tag("outcome", outcome.tag())
                            .register(meters));
        }
        latency = Timer.builder("conveyor.amqp.confirm.latency")
                .description("from sending a message to the broker's confirm")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    void count(Outcome outcome) {
        published.get(outcome).increment();
    }

    void confirmedAfter(long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
