package io.conveyor.edge.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.DoubleStream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Nested
    class Waits {
        private final Backoff backoff = new Backoff(SECOND, Duration.ofMinutes(1), 2.0, 0.2);

        @Test
        void doubles_with_every_failure_without_jitter() {
            assertThat(List.of(backoff.after(1, 0), backoff.after(2, 0), backoff.after(3, 0), backoff.after(6, 0)))
                    .containsExactly(
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(4),
                            Duration.ofSeconds(32));
        }

        @Test
        void stops_growing_at_the_maximum_however_many_failures() {
            assertThat(backoff.after(7, 0)).isEqualTo(Duration.ofMinutes(1));
            assertThat(backoff.after(100_000, 0)).isEqualTo(Duration.ofMinutes(1));
        }

        @Test
        void jitter_takes_off_at_most_its_share_and_never_adds() {
            DoubleStream.iterate(0, r -> r < 1, r -> r + 0.01).forEach(random -> {
                assertThat(backoff.after(3, random)).isBetween(Duration.ofMillis(3200), Duration.ofSeconds(4));
                assertThat(backoff.after(50, random)).isBetween(Duration.ofSeconds(48), Duration.ofMinutes(1));
            });
            assertThat(backoff.after(3, 0.5)).isEqualTo(Duration.ofMillis(3600));
        }

        @Test
        void a_wait_follows_a_failure() {
            assertThatThrownBy(() -> backoff.after(0, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Policy {
        private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
        private final RetryPolicy policy = new RetryPolicy(settings(3), Clock.fixed(now, ZoneOffset.UTC));

        @Test
        void records_the_first_failure_and_when_to_try_again() {
            DeadLetter<? extends EventMessage<?>> parked = decideOn(letter(MetaData.emptyInstance()));

            assertThat(RetryPolicy.attempts(parked.diagnostics())).isEqualTo(1);
            assertThat(RetryPolicy.nextAttempt(parked.diagnostics()))
                    .hasValueSatisfying(next -> assertThat(next).isBetween(now.plusMillis(800), now.plusSeconds(1)));
            assertThat(parked.cause()).hasValueSatisfying(cause -> {
                assertThat(cause.type()).isEqualTo(IllegalStateException.class.getName());
                assertThat(cause.message()).isEqualTo("poison");
            });
        }

        @Test
        void waits_longer_after_each_failure() {
            DeadLetter<? extends EventMessage<?>> parked = decideOn(letter(MetaData.with(RetryPolicy.ATTEMPTS, 1)));

            assertThat(RetryPolicy.attempts(parked.diagnostics())).isEqualTo(2);
            assertThat(RetryPolicy.nextAttempt(parked.diagnostics()))
                    .hasValueSatisfying(next -> assertThat(next).isBetween(now.plusMillis(1600), now.plusSeconds(2)));
        }

        @Test
        void stops_retrying_by_itself_after_the_last_attempt_but_keeps_the_letter() {
            MetaData secondFailed =
                    MetaData.with(RetryPolicy.ATTEMPTS, 2).and(RetryPolicy.NEXT_ATTEMPT, now.toString());
            EnqueueDecision<EventMessage<?>> decision =
                    policy.decide(letter(secondFailed), new IllegalStateException("poison"));

            assertThat(decision.shouldEnqueue()).isTrue();
            DeadLetter<? extends EventMessage<?>> parked = decision.withDiagnostics(letter(secondFailed));
            assertThat(RetryPolicy.attempts(parked.diagnostics())).isEqualTo(3);
            assertThat(RetryPolicy.nextAttempt(parked.diagnostics())).isEmpty();
            assertThat(policy.isDue(parked, now.plus(Duration.ofDays(365)))).isFalse();
        }

        @Test
        void retries_for_ever_when_attempts_are_not_limited() {
            RetryPolicy unlimited = new RetryPolicy(settings(0), Clock.fixed(now, ZoneOffset.UTC));
            DeadLetter<? extends EventMessage<?>> letter = letter(MetaData.with(RetryPolicy.ATTEMPTS, 500));
            DeadLetter<? extends EventMessage<?>> parked = unlimited
                    .decide(letter, new IllegalStateException("poison"))
                    .withDiagnostics(letter);

            assertThat(RetryPolicy.nextAttempt(parked.diagnostics()))
                    .hasValueSatisfying(next -> assertThat(next).isBetween(now.plusSeconds(48), now.plusSeconds(60)));
        }

        @Test
        void a_letter_is_due_at_its_next_attempt_or_when_it_was_never_tried() {
            DeadLetter<? extends EventMessage<?>> waiting = letter(MetaData.with(RetryPolicy.ATTEMPTS, 1)
                    .and(RetryPolicy.NEXT_ATTEMPT, now.plusSeconds(5).toString()));

            assertThat(policy.isDue(waiting, now.plusSeconds(4))).isFalse();
            assertThat(policy.isDue(waiting, now.plusSeconds(5))).isTrue();
            assertThat(policy.isDue(letter(MetaData.emptyInstance()), now)).isTrue();
        }

        private DeadLetter<? extends EventMessage<?>> decideOn(DeadLetter<? extends EventMessage<?>> letter) {
            EnqueueDecision<EventMessage<?>> decision = policy.decide(letter, new IllegalStateException("poison"));
            assertThat(decision.shouldEnqueue()).isTrue();
            return decision.withDiagnostics(letter)
                    .withCause(decision.enqueueCause().orElseThrow());
        }

        private static DeadLetter<? extends EventMessage<?>> letter(MetaData diagnostics) {
            EventMessage<?> event =
                    GenericEventMessage.asEventMessage(new ProductRestockedEvent(new ProductId("prd_1"), 1, 1, 0));
            return new GenericDeadLetter<>("prd_1", event).withDiagnostics(diagnostics);
        }

        private static DeadLetterSettings settings(int maxAttempts) {
            return new DeadLetterSettings(List.of(), SECOND, Duration.ofMinutes(1), 2.0, 0.2, maxAttempts, SECOND);
        }
    }
}
