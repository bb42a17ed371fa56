package io.conveyor.command.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PaymentRetryTest {
    private final FulfilmentSettings.PaymentRetry backoff =
            new FulfilmentSettings.PaymentRetry(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), 0.2);

    @Test
    void doubles_each_wait_up_to_the_longest() {
        assertThat(IntStream.rangeClosed(1, 6).mapToObj(attempt -> backoff.delayAfter(attempt, 0)))
                .extracting(Duration::toMillis)
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L);
    }

    @Test
    void jitter_shortens_a_wait_by_at_most_its_fraction() {
        assertThat(backoff.delayAfter(3, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delayAfter(3, 0.5)).isEqualTo(Duration.ofMillis(3_600));
        assertThat(backoff.delayAfter(3, 0.999_999)).isBetween(Duration.ofMillis(3_200), Duration.ofMillis(3_201));
    }

    @Test
    void a_multiplier_of_one_waits_the_same_every_time() {
        FulfilmentSettings.PaymentRetry constant =
                new FulfilmentSettings.PaymentRetry(Duration.ofMillis(500), 1, Duration.ofSeconds(10), 0);

        assertThat(constant.delayAfter(7, 0)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refuses_a_backoff_that_shrinks_or_a_jitter_outside_zero_to_one() {
        assertThatThrownBy(() ->
                        new FulfilmentSettings.PaymentRetry(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(10), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        new FulfilmentSettings.PaymentRetry(Duration.ofSeconds(1), 2, Duration.ofSeconds(10), 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
