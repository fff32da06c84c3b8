package io.casharness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The pairing and interval arithmetic of {@link Alternation} on synthetic slice series. The claim: when the machine's
 * speed drifts during a run (both sides slowed by a factor that changes with time), alternating slices still give
 * the true ratio within the interval, while the same slices measured in two blocks (all bottom, then all top: the
 * order of two forks run one after the other) give a biased ratio whose interval misses it. The block schedule is
 * the negative control: put it in place of {@link Alternation#topAt} and the first test fails.
 */
class AlternationTest {

    static final double TRUE_RATIO = 0.8;
    static final int SLICES = 92; // two forks' worth of 23 pairs each
    static final long SLICE_NANOS = 500_000_000L;

    /** The machine's speed at slice k: falls from 1.0 to 0.4 over the run, with a slow swing on top. */
    static double speed(int k) {
        double t = (double) k / SLICES;
        return (1.0 - 0.6 * t) * (1 + 0.15 * Math.sin(2 * Math.PI * 3 * t));
    }

    /** A series where side {@code top.test(k)} runs in slice k; each side's rate times the speed, with 3 % noise. */
    static List<Alternation.Slice> series(IntPredicate top, long seed) {
        SplittableRandom noise = new SplittableRandom(seed);
        List<Alternation.Slice> slices = new ArrayList<>();
        for (int k = 0; k < SLICES; k++) {
            boolean isTop = top.test(k);
            double base = 2_000 * (isTop ? TRUE_RATIO : 1.0) * speed(k);
            long successes = Math.round(base * 0.5 * (1 + 0.03 * (2 * noise.nextDouble() - 1)));
            slices.add(new Alternation.Slice(k, isTop, successes, successes, 0, 0, SLICE_NANOS));
        }
        return slices;
    }

    static Alternation.Estimate estimate(IntPredicate schedule) {
        return Alternation.estimate(Alternation.pairs(series(schedule, 7)), 42).orElseThrow();
    }

    @Test
    void alternatingSlicesRecoverTheTrueRatioWhileTheMachineDrifts() {
        Alternation.Estimate e = estimate(Alternation::topAt);

        assertThat(e.pairs()).isEqualTo(SLICES / 2);
        assertThat(e.low()).as("lower bound").isLessThanOrEqualTo(TRUE_RATIO);
        assertThat(e.high()).as("upper bound").isGreaterThanOrEqualTo(TRUE_RATIO);
        assertThat(e.ratio()).isBetween(TRUE_RATIO * 0.98, TRUE_RATIO * 1.02);
    }

    @Test
    void negativeControlTheSameSlicesInBlocksGiveABiasedRatioThatTheIntervalMisses() {
        // bottom for the first half, top for the second: the sequential A-then-B estimate
        Alternation.Estimate blocks = estimate(k -> k >= SLICES / 2);

        assertThat(blocks.pairs()).isEqualTo(SLICES / 2);
        assertThat(blocks.high())
                .as("the blocks' upper bound: the top side ran on the slower half of the run")
                .isLessThan(TRUE_RATIO);
        assertThat(blocks.ratio()).isLessThan(TRUE_RATIO * 0.8);
    }

    @Test
    void withoutDriftBothSchedulesAgreeSoTheBiasIsTheDrifts() {
        // the control's bias must come from the drift and not from the pairing itself
        IntPredicate blocks = k -> k >= SLICES / 2;
        List<Alternation.Slice> flat = new ArrayList<>();
        for (int k = 0; k < SLICES; k++) {
            boolean top = blocks.test(k);
            flat.add(new Alternation.Slice(k, top, top ? 800 : 1000, 1, 0, 0, SLICE_NANOS));
        }
        assertThat(Alternation.estimate(Alternation.pairs(flat), 1)
                        .orElseThrow()
                        .ratio())
                .isCloseTo(TRUE_RATIO, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theScheduleAlternatesWhichSideGoesFirstInEachPair() {
        StringBuilder order = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            order.append(Alternation.topAt(k) ? 'T' : 'B');
        }
        assertThat(order).hasToString("BTTBBTTB");
        assertThatThrownBy(() -> Alternation.topAt(-1)).hasMessage("slice index must be >= 0, was -1");
    }

    @Test
    void theRatioIsTotalOverTotalAndSlicesAreRatesPerSecond() {
        List<Alternation.Slice> slices = List.of(
                new Alternation.Slice(0, false, 100, 100, 0, 0, SLICE_NANOS),
                new Alternation.Slice(1, true, 90, 120, 3, 0, SLICE_NANOS),
                new Alternation.Slice(2, true, 10, 40, 0, 0, SLICE_NANOS),
                new Alternation.Slice(3, false, 100, 100, 0, 0, SLICE_NANOS));
        List<Alternation.Pair> pairs = Alternation.pairs(slices);

        assertThat(pairs).containsExactly(new Alternation.Pair(180, 200), new Alternation.Pair(20, 200));
        // total over total: 200 / 400; the geometric mean of the pair ratios would be 0.3
        assertThat(Alternation.estimate(pairs, 1).orElseThrow().ratio()).isEqualTo(0.5);
        assertThat(Alternation.estimate(pairs.subList(0, 1), 1))
                .as("one pair gives no interval")
                .isEmpty();
        assertThatThrownBy(() -> new Alternation.Slice(4, true, 1, 1, 0, 0, 0))
                .hasMessage("slice 4: length must be > 0 ns, was 0");
    }
}
