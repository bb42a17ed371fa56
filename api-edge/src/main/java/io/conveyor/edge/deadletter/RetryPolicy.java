package io.conveyor.edge.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * Every failure parks the event (or keeps it parked) and records in the letter's diagnostics how many attempts have
 * failed and when the next one is due. Once {@code maxAttempts} have failed there is no next attempt: the letter stays
 * until an operator retries or deletes it. Nothing is ever dropped by the policy itself.
 */
class RetryPolicy implements EnqueuePolicy<EventMessage<?>> {
    static final String ATTEMPTS = "attempts";
    static final String NEXT_ATTEMPT = "nextAttempt";

    private final Backoff backoff;
    private final int maxAttempts;
    private final Clock clock;

    RetryPolicy(DeadLetterSettings settings, Clock clock) {
        this.backoff = settings.backoff();
        this.maxAttempts = settings.maxAttempts();
        this.clock = clock;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        int attempts = attempts(letter.diagnostics()) + 1;
        MetaData diagnostics =
                letter.diagnostics().withoutKeys(Set.of(NEXT_ATTEMPT)).and(ATTEMPTS, attempts);
        if (maxAttempts == 0 || attempts < maxAttempts) {
            Instant next = clock.instant()
                    .plus(backoff.after(attempts, ThreadLocalRandom.current().nextDouble()));
            diagnostics = diagnostics.and(NEXT_ATTEMPT, next.toString());
        }
        MetaData recorded = diagnostics;
        return Decisions.requeue(ThrowableCause.truncated(cause), l -> recorded);
    }

    /**
     * Whether the scheduled retry should take this letter (the first of its sequence) now: one never tried (it waited
     * behind another that has since left), or one whose next attempt has come.
     */
    boolean isDue(DeadLetter<?> letter, Instant now) {
        if (attempts(letter.diagnostics()) == 0) {
            return true;
        }
        return nextAttempt(letter.diagnostics()).map(next -> !next.isAfter(now)).orElse(false);
    }

    static int attempts(MetaData diagnostics) {
        return diagnostics.get(ATTEMPTS) instanceof Number n ? n.intValue() : 0;
    }

    static Optional<Instant> nextAttempt(MetaData diagnostics) {
        return diagnostics.get(NEXT_ATTEMPT) instanceof String s ? Optional.of(Instant.parse(s)) : Optional.empty();
    }
}
