package io.casharness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.memory.MemoryBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdaptiveBackoffTest {
    private static final Duration MIN = Duration.ofNanos(1_000);
    private static final Duration MAX = Duration.ofMillis(50);

    private static AdaptiveBackoff backoff() {
        return new AdaptiveBackoff(Duration.ofNanos(50_000), MIN, MAX, 1.5, 0.2);
    }

    @Test
    void windowGrowsUnderConflictsAndStopsAtTheCap() {
        AdaptiveBackoff b = backoff();
        long before = b.windowNanos();
        b.onAttempt(true);
        assertThat(b.windowNanos()).isEqualTo(75_000);
        for (int i = 0; i < 100; i++) {
            b.onAttempt(true);
        }
        assertThat(b.windowNanos()).isGreaterThan(before).isEqualTo(MAX.toNanos());
    }

    @Test
    void windowShrinksWithoutConflictsAndStopsAtTheFloor() {
        AdaptiveBackoff b = backoff();
        b.onAttempt(false);
        assertThat(b.windowNanos()).isLessThan(50_000);
        for (int i = 0; i < 10_000; i++) {
            b.onAttempt(false);
        }
        assertThat(b.windowNanos()).isEqualTo(MIN.toNanos());
    }

    @Test
    void windowHoldsStillAtTheTargetConflictRate() {
        AdaptiveBackoff b = backoff();
        // one conflict in five attempts: growth 1.5 once, shrink four times, balances exactly
        assertThat(Math.pow(b.decrease(), 4) * 1.5).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        for (int round = 0; round < 200; round++) {
            b.onAttempt(true);
            for (int i = 0; i < 4; i++) {
                b.onAttempt(false);
            }
        }
        assertThat(b.windowNanos()).isBetween(40_000L, 60_000L);
    }

    @Test
    void delaysAreNeverNegativeNorAboveTheCapWithASeededRandom() {
        AdaptiveBackoff b = backoff();
        SplittableRandom random = new SplittableRandom(7);
        long seenMax = 0;
        for (int i = 0; i < 20_000; i++) {
            b.onAttempt(random.nextInt(3) == 0);
            int retry = 1 + random.nextInt(80);
            long d = b.delayBefore(retry, random).toNanos();
            assertThat(d).isBetween(0L, MAX.toNanos());
            seenMax = Math.max(seenMax, d);
        }
        // the draws do reach into the upper range: the cap is a bound, not the only value
        assertThat(seenMax).isGreaterThan(MAX.toNanos() / 2);
    }

    @Test
    void laterRetriesOfOneUpdateMayWaitLonger() {
        AdaptiveBackoff b = backoff();
        SplittableRandom r1 = new SplittableRandom(1);
        long first = 0;
        long fourth = 0;
        for (int i = 0; i < 2_000; i++) {
            first = Math.max(first, b.delayBefore(1, r1).toNanos());
            fourth = Math.max(fourth, b.delayBefore(4, r1).toNanos());
        }
        assertThat(first).isLessThanOrEqualTo(50_000);
        assertThat(fourth).isGreaterThan(50_000).isLessThanOrEqualTo(400_000);
    }

    @Test
    void concurrentUpdatesKeepTheWindowInBounds() throws Exception {
        AdaptiveBackoff b = backoff();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                start.await();
                long worst = 0;
                for (int i = 0; i < 50_000; i++) {
                    b.onAttempt(r.nextBoolean());
                    long w = b.windowNanos();
                    if (w < MIN.toNanos() || w > MAX.toNanos()) {
                        worst = w;
                    }
                }
                return worst;
            }));
        }
        start.countDown();
        for (Future<Long> f : futures) {
            assertThat(f.get(30, TimeUnit.SECONDS))
                    .as("a window outside [min, max]")
                    .isZero();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theRetrierSleepsWhatTheBackoffDrawsAndFeedsItEveryAttempt() {
        List<Duration> slept = new ArrayList<>();
        AdaptiveBackoff b = backoff();
        try (MemoryBackend backend = new MemoryBackend()) {
            CasStore real = backend.openReplica(StoreOptions.defaults());
            ObjectKey key = ObjectKey.of("counter", "c1");
            real.put(ObjectSpec.of(key, new byte[] {0}), WriteCondition.mustCreate());
            // a rival writes between our read and our write for the first three attempts
            CasStore contended = new RivalBeforeWrite(real, 3);
            Retrier retrier = new Retrier(new RetryPolicy(5, b, true), slept::add, () -> new SplittableRandom(3));
            UpdateOutcome outcome = retrier.update(contended, key, o -> o.spec().withPayload(new byte[] {1}));
            assertThat(outcome).isInstanceOf(Updated.class);
            assertThat(((Updated) outcome).attempts()).isEqualTo(4);
            assertThat(slept).hasSize(3).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, MAX));
            // three conflicts grew the window, one success shrank it a little: above where it started
            assertThat(b.windowNanos()).isGreaterThan(50_000);
        }
    }

    @Test
    void badConfigurationIsRejectedWithTheBound() {
        assertThatThrownBy(() -> new AdaptiveBackoff(Duration.ofNanos(50_000), Duration.ZERO, MAX, 1.5, 0.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min must be >= 1 ns");
        assertThatThrownBy(() -> new AdaptiveBackoff(Duration.ofSeconds(1), MIN, MAX, 1.5, 0.2))
                .hasMessageContaining("initial must be between");
        assertThatThrownBy(() -> new AdaptiveBackoff(Duration.ofNanos(50_000), MIN, MAX, 1.0, 0.2))
                .hasMessageContaining("increase must be finite and > 1.0");
        assertThatThrownBy(() -> new AdaptiveBackoff(Duration.ofNanos(50_000), MIN, MAX, 1.5, 1.0))
                .hasMessageContaining("targetConflictRate must be in (0, 1)");
        assertThatThrownBy(() -> backoff().delayBefore(0, new SplittableRandom(1)))
                .hasMessageContaining("retry must be >= 1");
    }

    /** Delegates to a real store; before each of the first {@code rivals} matched writes, another writer wins. */
    private static final class RivalBeforeWrite extends ForwardingCasStore {
        private int rivals;

        RivalBeforeWrite(CasStore real, int rivals) {
            super(real);
            this.rivals = rivals;
        }

        @Override
        public PutOutcome put(ObjectSpec spec, WriteCondition condition) {
            if (rivals > 0 && condition instanceof WriteCondition.MatchVersion) {
                rivals--;
                delegate.put(spec, WriteCondition.unconditional());
            }
            return delegate.put(spec, condition);
        }
    }
}
