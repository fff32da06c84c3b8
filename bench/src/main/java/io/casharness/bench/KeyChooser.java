package io.casharness.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the key of the next update: uniform over {@code n} keys ({@code "1"}, {@code "16"}, {@code "1024"}) or
 * Zipfian over {@code n} keys ({@code "zipf1024"}, exponent 0.99 as in YCSB: key 0 takes about 13 % of updates).
 *
 * <p>Immutable and thread-safe; the caller brings its own random source.
 */
final class KeyChooser {
    static final double ZIPF_EXPONENT = 0.99;

    private final int keys;
    private final double[] cdf; // null for uniform

    private KeyChooser(int keys, double[] cdf) {
        this.keys = keys;
        this.cdf = cdf;
    }

    /** @param spec {@code <n>} or {@code zipf<n>}, n from 1 to 1,000,000 */
    static KeyChooser parse(String spec) {
        boolean zipf = spec.startsWith("zipf");
        int n;
        try {
            n = Integer.parseInt(zipf ? spec.substring(4) : spec);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("keys must be <n> or zipf<n>, was '" + spec + "'", e);
        }
        if (n < 1 || n > 1_000_000) {
            throw new IllegalArgumentException("keys must be between 1 and 1000000, was " + n);
        }
        if (!zipf) {
            return new KeyChooser(n, null);
        }
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, ZIPF_EXPONENT);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return new KeyChooser(n, cdf);
    }

    int keys() {
        return keys;
    }

    int next(SplittableRandom random) {
        if (keys == 1) {
            return 0;
        }
        if (cdf == null) {
            return random.nextInt(keys);
        }
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(keys - 1, i >= 0 ? i : -i - 1);
    }
}
