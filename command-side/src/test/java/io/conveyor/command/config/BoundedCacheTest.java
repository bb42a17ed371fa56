package io.conveyor.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void keepsWhatItHoldsUntilFullThenGivesUpTheLeastRecentlyUsed() {
        BoundedCache cache = new BoundedCache(2);
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat((Integer) cache.get("a")).isEqualTo(1); // a is now the most recently used

        cache.put("c", 3);

        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(expired).containsExactly("b");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void putsOnlyWhatIsAbsentAndRemovesOnRequest() {
        BoundedCache cache = new BoundedCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Integer) cache.get("a")).isEqualTo(1);
        assertThat(cache.<Integer>computeIfAbsent("b", () -> 5)).isEqualTo(5);
        cache.<Integer>computeIfPresent("b", v -> v + 1);
        assertThat((Integer) cache.get("b")).isEqualTo(6);

        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        cache.removeAll();
        assertThat(cache.size()).isZero();
        assertThatThrownBy(() -> new BoundedCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
