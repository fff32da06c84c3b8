package io.casharness.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.casharness.store.ExponentialBackoff.Jitter;
import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExponentialBackoffTest {
    private static final Duration MS = Duration.ofMillis(1);

    @Test
    void invalidParametersAreRejectedNamingTheValueAndTheBound() {
        assertThatThrownBy(() -> new ExponentialBackoff(MS.negated(), MS, 2.0, Jitter.FULL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initial backoff must be >= 0, was PT-0.001S");
        assertThatThrownBy(() -> new ExponentialBackoff(MS.multipliedBy(10), MS.multipliedBy(5), 2.0, Jitter.FULL))
                .hasMessage("max backoff must be >= initial backoff (PT0.01S), was PT0.005S");
        assertThatThrownBy(() -> new ExponentialBackoff(MS, Duration.ofDays(2), 2.0, Jitter.FULL))
                .hasMessage("max backoff must be at most PT24H, was PT48H");
        for (double bad : new double[] {0.5, 0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new ExponentialBackoff(MS, MS, bad, Jitter.FULL))
                    .hasMessage("backoff multiplier must be a finite number >= 1.0, was " + bad);
        }
        assertThatThrownBy(() -> new ExponentialBackoff(null, MS, 2.0, Jitter.FULL))
                .hasMessage("initial");
        assertThatThrownBy(() -> new ExponentialBackoff(MS, null, 2.0, Jitter.FULL))
                .hasMessage("max");
        assertThatThrownBy(() -> new ExponentialBackoff(MS, MS, 2.0, null)).hasMessage("jitter");
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        ExponentialBackoff widest =
                new ExponentialBackoff(Duration.ZERO, ExponentialBackoff.MAX_DELAY, 1.0, Jitter.FULL);
        assertThat(widest.capNanos(1)).isZero();
        ExponentialBackoff longest =
                new ExponentialBackoff(ExponentialBackoff.MAX_DELAY, ExponentialBackoff.MAX_DELAY, 1.0, Jitter.FULL);
        assertThat(longest.capNanos(1)).isEqualTo(ExponentialBackoff.MAX_DELAY.toNanos());
    }

    @Test
    void capsGrowGeometricallyUntilTheMax() {
        ExponentialBackoff b = new ExponentialBackoff(MS, MS.multipliedBy(10), 2.0, Jitter.NONE);

        long[] caps = new long[6];
        for (int retry = 1; retry <= 6; retry++) {
            caps[retry - 1] = b.capNanos(retry);
        }

        assertThat(caps).containsExactly(1_000_000, 2_000_000, 4_000_000, 8_000_000, 10_000_000, 10_000_000);
    }

    @Test
    void capsNeitherOverflowNorExceedTheMaxAtHugeRetryNumbers() {
        ExponentialBackoff doubling = new ExponentialBackoff(MS, ExponentialBackoff.MAX_DELAY, 2.0, Jitter.FULL);
        ExponentialBackoff slow = new ExponentialBackoff(MS, Duration.ofSeconds(1), 1.000_001, Jitter.FULL);
        ExponentialBackoff flat = new ExponentialBackoff(MS, Duration.ofSeconds(1), 1.0, Jitter.FULL);
        ExponentialBackoff zero = new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(1), 3.0, Jitter.FULL);
        Random random = new Random(3);

        for (int retry : new int[] {63, 64, 1_000, 1_000_000, Integer.MAX_VALUE}) {
            assertThat(doubling.capNanos(retry)).isEqualTo(ExponentialBackoff.MAX_DELAY.toNanos());
            assertThat(doubling.delayBefore(retry, random)).isBetween(Duration.ZERO, ExponentialBackoff.MAX_DELAY);
            assertThat(slow.capNanos(retry)).isBetween(1_000_000L, 1_000_000_000L);
            assertThat(flat.capNanos(retry)).isEqualTo(1_000_000L);
            assertThat(zero.capNanos(retry)).isZero();
        }
        assertThat(slow.capNanos(Integer.MAX_VALUE)).isEqualTo(1_000_000_000L);
    }

    @Test
    void retryNumbersStartAtOne() {
        ExponentialBackoff b = ExponentialBackoff.fullJitter(MS, MS);
        assertThatThrownBy(() -> b.capNanos(0)).hasMessage("retry must be >= 1, was 0");
        assertThatThrownBy(() -> b.delayBefore(-1, new Random(1))).hasMessage("retry must be >= 1, was -1");
    }

    @Test
    void noJitterWaitsExactlyTheCap() {
        ExponentialBackoff b = new ExponentialBackoff(MS, MS.multipliedBy(3), 2.0, Jitter.NONE);

        assertThat(b.delayBefore(1, null)).isEqualTo(MS);
        assertThat(b.delayBefore(2, null)).isEqualTo(MS.multipliedBy(2));
        assertThat(b.delayBefore(3, null)).isEqualTo(MS.multipliedBy(3));
    }

    @Test
    void fullJitterDrawsFromTheWholeRangeZeroToCap() {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ofNanos(1000), Duration.ofNanos(1000), 1.0, Jitter.FULL);

        LongSummaryStatistics stats = draws(b, new Random(11), 50_000);

        assertThat(stats.getMin()).isZero();
        assertThat(stats.getMax()).isEqualTo(1000);
        assertThat(stats.getAverage()).isBetween(490.0, 510.0);
    }

    @Test
    void equalJitterDrawsFromTheUpperHalf() {
        ExponentialBackoff b =
                new ExponentialBackoff(Duration.ofNanos(1000), Duration.ofNanos(1000), 1.0, Jitter.EQUAL);

        LongSummaryStatistics stats = draws(b, new Random(11), 50_000);

        assertThat(stats.getMin()).isEqualTo(500);
        assertThat(stats.getMax()).isEqualTo(1000);
        assertThat(stats.getAverage()).isBetween(740.0, 760.0);
    }

    @ParameterizedTest
    @EnumSource(Jitter.class)
    void delaysAreNeverNegativeNorAboveTheCap(Jitter jitter) {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ofNanos(7), Duration.ofMillis(50), 3.0, jitter);
        Random random = new Random(5);
        for (int retry = 1; retry <= 40; retry++) {
            for (int i = 0; i < 200; i++) {
                long d = b.delayBefore(retry, random).toNanos();
                assertThat(d).isBetween(0L, b.capNanos(retry));
            }
        }
    }

    @Test
    void aZeroCapWaitsNothingAndDrawsNoRandomNumber() {
        RandomGenerator refusing = () -> {
            throw new AssertionError("no jitter draw expected for a zero cap");
        };
        assertThat(Backoff.none().delayBefore(1, refusing)).isZero();
        assertThat(Backoff.none().delayBefore(Integer.MAX_VALUE, refusing)).isZero();
        assertThat(new ExponentialBackoff(Duration.ZERO, MS, 2.0, Jitter.FULL).delayBefore(9, refusing))
                .isZero();
    }

    @Test
    void fullJitterIsTheDoublingDefault() {
        assertThat(ExponentialBackoff.fullJitter(MS, MS.multipliedBy(8)))
                .isEqualTo(new ExponentialBackoff(MS, MS.multipliedBy(8), 2.0, Jitter.FULL));
    }

    private static LongSummaryStatistics draws(ExponentialBackoff b, RandomGenerator random, int n) {
        LongSummaryStatistics stats = new LongSummaryStatistics();
        for (int i = 0; i < n; i++) {
            stats.accept(b.delayBefore(1, random).toNanos());
        }
        return stats;
    }
}
