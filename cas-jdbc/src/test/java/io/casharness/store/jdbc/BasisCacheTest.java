package io.casharness.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.StoredObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BasisCacheTest {
    private static final Instant T = Instant.parse("2026-11-25T00:00:00Z");

    private static StoredObject object(String id, long version, int payloadBytes) {
        return new StoredObject(ObjectSpec.of(ObjectKey.of("k", id), new byte[payloadBytes]), version, T, T);
    }

    @Test
    void keepsTheNewestVersionSeenAndNeverGoesBack() {
        BasisCache cache = new BasisCache(1 << 20);
        cache.offer(object("a", 5, 1));
        cache.offer(object("a", 3, 1)); // a slower thread's older read
        assertThat(cache.get(ObjectKey.of("k", "a")).resourceVersion()).isEqualTo(5);
        cache.offer(object("a", 9, 1));
        assertThat(cache.get(ObjectKey.of("k", "a")).resourceVersion()).isEqualTo(9);
    }

    @Test
    void forgetsOnlyVersionsUpToTheOneDeleted() {
        BasisCache cache = new BasisCache(1 << 20);
        cache.offer(object("a", 9, 1));
        cache.forget(ObjectKey.of("k", "a"), 8); // a delete of an older incarnation
        assertThat(cache.get(ObjectKey.of("k", "a"))).isNotNull();
        cache.forget(ObjectKey.of("k", "a"), 9);
        assertThat(cache.get(ObjectKey.of("k", "a"))).isNull();
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void staysWithinItsBytesEvictingTheLeastRecentlyUsed() {
        long max = 16 * (100 + BasisCache.ENTRY_OVERHEAD_BYTES);
        BasisCache cache = new BasisCache(max);
        for (int i = 0; i < 100; i++) {
            cache.offer(object("o" + i, i + 1, 100));
            cache.get(ObjectKey.of("k", "o0")); // keep o0 in use
            assertThat(cache.bytes()).isLessThanOrEqualTo(max);
        }
        assertThat(cache.size()).isEqualTo(16);
        assertThat(cache.get(ObjectKey.of("k", "o0"))).isNotNull();
        assertThat(cache.get(ObjectKey.of("k", "o1"))).isNull();
        assertThat(cache.get(ObjectKey.of("k", "o99"))).isNotNull();
    }

    @Test
    void doesNotKeepAnObjectHeavierThanASixteenthOfItsBytes() {
        BasisCache cache = new BasisCache(16 * 1024);
        cache.offer(object("big", 1, 2048));
        assertThat(cache.size()).isZero();
        cache.offer(object("small", 2, 10));
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void zeroBytesIsOffAndNegativeIsRejected() {
        BasisCache off = new BasisCache(0);
        off.offer(object("a", 1, 1));
        assertThat(off.get(ObjectKey.of("k", "a"))).isNull();
        assertThat(off.enabled()).isFalse();
        assertThatThrownBy(() -> new BasisCache(-1)).hasMessageContaining("-1");
    }
}
