package io.conveyor.edge.housekeeping;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a piece of housekeeping (dropping expired rows) now and then on the path of ordinary requests, so that no node
 * needs a scheduler for it: on one call in {@code n} chosen at random, or at most once per period on this node.
 * Every node does its share, and a node that takes no requests has nothing of its own to clean.
 */
public final class NowAndThen {
    private final int oneIn;
    private final long periodNanos;
    private final AtomicLong last;

    private NowAndThen(int oneIn, Duration period) {
        this.oneIn = oneIn;
        this.periodNanos = period.toNanos();
        this.last = new AtomicLong(System.nanoTime() - periodNanos - 1); // the first call's turn
    }

    /** On one call in {@code n}, at random. */
    public static NowAndThen oneIn(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("one in " + n);
        }
        return new NowAndThen(n, Duration.ZERO);
    }

    /** On the first call, then on the first after each {@code period}; on one node, a single caller at a time wins the turn. */
    public static NowAndThen every(Duration period) {
        return new NowAndThen(0, period);
    }

    /** Runs {@code housekeeping} if it is its turn. */
    public void maybe(Runnable housekeeping) {
        if (turn()) {
            housekeeping.run();
        }
    }

    boolean turn() {
        if (oneIn > 0) {
            return ThreadLocalRandom.current().nextInt(oneIn) == 0;
        }
        long now = System.nanoTime();
        long before = last.get();
        return now - before > periodNanos && last.compareAndSet(before, now);
    }
}
