package io.casharness.bench;

import static java.util.Objects.requireNonNull;

import io.casharness.reports.jmh.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arithmetic of an alternating measurement ({@link AlternatingBench}): which side a time slice belongs to, how
 * slices become pairs, and the ratio with its interval. Both sides of a target run in one fork and the benchmark
 * threads switch between them together every slice, so the two sides of a pair are at most one slice apart and a
 * change of the machine's speed over seconds hits both alike.
 *
 * <p>The schedule is bottom, top, top, bottom, bottom, top, ... ({@link #topAt}): pairs alternate which side goes
 * first, so a steady drift favours neither. The point estimate is total over total (the sum of the top side's slice
 * rates over the bottom side's, the same quantity {@link Bootstrap#pairedRatio} resamples), not the geometric mean of
 * pair ratios: a slice in which a side completed nothing (a stalled machine, a long backoff) would make a log ratio
 * infinite, and the interval must be of the same statistic as the point. Stateless.
 */
final class Alternation {

    private Alternation() {}

    /**
     * What one slice of one side measured, summed over the benchmark threads.
     *
     * @param index the slice's position in the measurement, from 0
     * @param top whether the slice measured the numerator (top) side
     * @param successes updates that took effect (give-ups excluded)
     * @param attempts attempts spent, give-ups included
     * @param giveUps updates whose attempts ran out
     * @param errors updates that failed with an error
     * @param nanos the slice's length
     */
    record Slice(int index, boolean top, long successes, long attempts, long giveUps, long errors, long nanos) {
        Slice {
            if (nanos <= 0) {
                throw new IllegalArgumentException("slice " + index + ": length must be > 0 ns, was " + nanos);
            }
        }

        /** Goodput in the slice, per second. */
        double rate() {
            return successes * 1e9 / nanos;
        }
    }

    /** One pair: the goodput of a top slice and of the bottom slice beside it, per second. */
    record Pair(double top, double bottom) {}

    /**
     * A ratio with its 95 % interval.
     *
     * @param ratio total over total: sum of top rates / sum of bottom rates
     * @param low the interval's lower bound (the one a target is held against)
     * @param high the interval's upper bound
     * @param pairs slice pairs the interval resamples
     */
    record Estimate(double ratio, double low, double high, int pairs) {}

    /** Whether slice {@code k} (from 0) measures the top side: B T T B B T T B ..., no side always first. */
    static boolean topAt(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("slice index must be >= 0, was " + k);
        }
        boolean firstOfPair = k % 2 == 0;
        boolean oddPair = (k / 2) % 2 == 1;
        return firstOfPair == oddPair;
    }

    /**
     * Pairs the i-th top slice with the i-th bottom slice, in time order. Under {@link #topAt} these are the two
     * slices of one pair, adjacent in time; a schedule in blocks (all bottom, then all top) makes the same code pair
     * slices half a run apart, which is what the tests hold the schedule against.
     */
    static List<Pair> pairs(List<Slice> slices) {
        requireNonNull(slices, "slices");
        List<Slice> top = new ArrayList<>();
        List<Slice> bottom = new ArrayList<>();
        slices.stream()
                .sorted(java.util.Comparator.comparingInt(Slice::index))
                .forEach(s -> (s.top() ? top : bottom).add(s));
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < Math.min(top.size(), bottom.size()); i++) {
            pairs.add(new Pair(top.get(i).rate(), bottom.get(i).rate()));
        }
        return pairs;
    }

    /**
     * The ratio of the pairs (pooled over forks by the caller: the pairs of every fork in one list) and its 95 %
     * percentile bootstrap interval over the pairs.
     *
     * @return empty with fewer than two pairs or no bottom goodput at all
     */
    static Optional<Estimate> estimate(List<Pair> pairs, long seed) {
        double top = 0;
        double bottom = 0;
        for (Pair p : pairs) {
            top += p.top();
            bottom += p.bottom();
        }
        if (!(bottom > 0)) {
            return Optional.empty();
        }
        double ratio = top / bottom;
        return Bootstrap.pairedRatio(
                        pairs.stream().map(Pair::top).toList(),
                        pairs.stream().map(Pair::bottom).toList(),
                        seed)
                .map(i -> new Estimate(ratio, i.low(), i.high(), i.pairs()));
    }
}
