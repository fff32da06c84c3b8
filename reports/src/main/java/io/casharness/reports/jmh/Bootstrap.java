package io.casharness.reports.jmh;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A percentile bootstrap confidence interval for the ratio of two cells' means over PAIRED forks: fork i of the
 * numerator was measured next to fork i of the denominator (the targets profile runs them A, B, A, B), so a pair
 * shares whatever the machine was doing then, and resampling pairs keeps that shared noise out of the ratio. A pair
 * is any two measurements taken side by side: two forks, or two adjacent time slices of one fork (the targets
 * profile alternates both sides of a gate every 500 ms inside one fork).
 *
 * <p>Each of {@value #RESAMPLES} resamples draws n pair indices with replacement and takes sum(numerators) /
 * sum(denominators); the interval is the 2.5th and 97.5th percentile of those ratios (Efron and Tibshirani, An
 * Introduction to the Bootstrap, ch. 13). With n forks there are at most C(2n-1, n) distinct resamples: three forks
 * give a coarse interval, which is what three forks can say. The random source is seeded, so a report is the same
 * every time it is rendered. Written here (30 lines) rather than pulled in from a statistics library, whose
 * bootstrap would still need this pairing. Stateless.
 */
public final class Bootstrap {
    static final int RESAMPLES = 10_000;

    private Bootstrap() {}

    /** An interval around a ratio. */
    public record Interval(double low, double high, int pairs) {}

    /**
     * The 95 % interval of mean(top) / mean(bottom) over paired forks.
     *
     * @return empty with fewer than two pairs, or when a denominator resample sums to zero
     */
    public static Optional<Interval> pairedRatio(List<Double> top, List<Double> bottom, long seed) {
        int n = Math.min(top.size(), bottom.size());
        if (n < 2) {
            return Optional.empty();
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double t = 0;
            double b = 0;
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                t += top.get(k);
                b += bottom.get(k);
            }
            if (!(b > 0)) {
                return Optional.empty();
            }
            ratios[r] = t / b;
        }
        Arrays.sort(ratios);
        return Optional.of(new Interval(ratios[(int) (0.025 * RESAMPLES)], ratios[(int) (0.975 * RESAMPLES) - 1], n));
    }
}
