package io.conveyor.edge.deadletter;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dead letters: which processors park a failing event instead of stopping, and how parked events are retried.
 *
 * @param processors the streaming event processors (by processing group) that park failing events; every other
 *     processor stops and retries on a failure, as before
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait between two attempts, however many failed
 * @param multiplier each further failure multiplies the wait by this
 * @param jitter up to this fraction of each wait is taken off at random, so letters that failed together (a database
 *     outage) are not all retried in the same instant; 0 turns it off
 * @param maxAttempts after this many failed attempts a letter is no longer retried by itself and waits for an
 *     operator; 0 retries for ever
 * @param pollInterval how often a node looks for letters whose next attempt is due
 */
@ConfigurationProperties("conveyor.dead-letters")
public record DeadLetterSettings(
        @DefaultValue List<String> processors,
        @DefaultValue("10s") Duration initialBackoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("0.2") double jitter,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("5s") Duration pollInterval) {

    public DeadLetterSettings {
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("conveyor.dead-letters.initial-backoff must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("conveyor.dead-letters.max-backoff must not be below initial-backoff");
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("conveyor.dead-letters.multiplier must be at least 1");
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("conveyor.dead-letters.jitter must be at least 0 and below 1");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("conveyor.dead-letters.max-attempts must be 0 (no limit) or more");
        }
        processors = List.copyOf(processors);
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff, multiplier, jitter);
    }
}
