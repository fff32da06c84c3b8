package io.casharness.scenario;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How often each key is chosen: {@link Uniform}, or {@link Zipfian} with exponent {@code s} (key 0 hottest). Hot-key
 * skew is what makes real fleets collide: a handful of objects take most of the writes.
 *
 * <p>Immutable and thread-safe.
 */
public sealed interface Skew {

    /** Every key equally likely. */
    record Uniform() implements Skew {
        @Override
        public String toString() {
            return "uniform";
        }
    }

    /**
     * Key {@code i} (0-based) chosen with probability proportional to {@code 1 / (i + 1)^s}.
     *
     * @param s the exponent; {@code 0 < s <= 10}
     */
    record Zipfian(double s) implements Skew {
        public Zipfian {
            if (!(s > 0 && s <= 10)) {
                throw new IllegalArgumentException("zipfian exponent must be in (0, 10], was " + s);
            }
        }

        @Override
        public String toString() {
            return "zipfian:" + s;
        }
    }

    static Skew uniform() {
        return new Uniform();
    }

    static Skew zipfian(double s) {
        return new Zipfian(s);
    }

    /**
     * Parses {@code uniform}, {@code zipfian} (s = 1.1) or {@code zipfian:S}.
     *
     * @throws IllegalArgumentException naming the text if it is none of these
     */
    static Skew parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("uniform")) {
            return uniform();
        }
        if (t.equals("zipfian") || t.equals("zipf")) {
            return zipfian(1.1);
        }
        int colon = t.indexOf(':');
        if (colon > 0 && (t.startsWith("zipfian") || t.startsWith("zipf"))) {
            try {
                return zipfian(Double.parseDouble(t.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("skew exponent is not a number in \"" + text + "\"", e);
            }
        }
        throw new IllegalArgumentException("skew must be uniform, zipfian or zipfian:S, was \"" + text + "\"");
    }

    /** A chooser over {@code keys} keys. */
    default KeyChooser chooser(int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be >= 1, was " + keys);
        }
        if (this instanceof Zipfian z) {
            double[] cdf = new double[keys];
            double sum = 0;
            for (int i = 0; i < keys; i++) {
                sum += 1.0 / Math.pow(i + 1, z.s());
                cdf[i] = sum;
            }
            for (int i = 0; i < keys; i++) {
                cdf[i] /= sum;
            }
            return rnd -> {
                double u = rnd.nextDouble();
                int lo = 0;
                int hi = keys - 1;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (cdf[mid] < u) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            };
        }
        return rnd -> rnd.nextInt(keys);
    }

    /** Picks a key index. Thread-safe: all state is in the caller's random source. */
    @FunctionalInterface
    interface KeyChooser {
        int next(RandomGenerator rnd);
    }
}
