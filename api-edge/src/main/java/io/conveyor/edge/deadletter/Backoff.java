package io.conveyor.edge.deadletter;

import java.time.Duration;

/**
 * Exponential backoff with jitter: after the n-th failure the wait is {@code initial * multiplier^(n-1)}, at most
 * {@code max}, less a random part of up to {@code jitter} of it. Taking the jitter off (rather than adding it) keeps
 * {@code max} a true upper bound. Shared by the dead-letter retries and the webhook deliveries.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

    /**
     * The wait after the given number of failures.
     *
     * @param failures how many attempts have failed so far, 1 or more
     * @param random a number in [0, 1): the share of the jitter taken off
     */
    public Duration after(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("a wait follows a failure: failures must be 1 or more");
        }
        // in doubles, so a large number of failures saturates at max instead of overflowing
        double millis =
                Math.min(max.toMillis(), initial.toMillis() * Math.pow(multiplier, Math.min(failures - 1, 1_000)));
        return Duration.ofMillis(Math.round(millis * (1 - jitter * random)));
    }
}
