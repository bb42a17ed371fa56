package io.conveyor.edge.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NowAndThenTest {
    @Test
    void a_period_runs_on_the_first_call_and_not_again_within_it() {
        NowAndThen hourly = NowAndThen.every(Duration.ofHours(1));
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 1_000; i++) {
            hourly.maybe(runs::incrementAndGet);
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void one_in_n_runs_on_some_calls_and_not_on_all() {
        NowAndThen sometimes = NowAndThen.oneIn(50);
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 10_000; i++) {
            sometimes.maybe(runs::incrementAndGet);
        }
        // 200 expected; the odds of falling outside these bounds are far below one in a billion
        assertThat(runs.get()).isBetween(100, 320);
    }

    @Test
    void one_in_one_runs_every_time_and_one_in_none_is_refused() {
        NowAndThen always = NowAndThen.oneIn(1);
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            always.maybe(runs::incrementAndGet);
        }
        assertThat(runs).hasValue(10);
        assertThatIllegalArgumentException().isThrownBy(() -> NowAndThen.oneIn(0));
    }
}
