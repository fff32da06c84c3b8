package io.casharness.scenario.check.rules;

/**
 * An open-addressing hash map from a pair {@code (int a, long b)} to a {@code long}, without boxing: the checker's
 * per-key version indexes ({@code (key, version) -> op}) live in a few of these instead of millions of objects.
 * Each slot is three adjacent longs ({@code a + 1}, {@code b}, value), so a probe touches one cache line.
 *
 * <p>{@code a} must be {@code >= 0}. Not thread-safe.
 */
final class PairMap {
    private long[] slots;
    private int mask;
    private int size;

    PairMap(int expected) {
        slots = new long[3 * (Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1)];
        mask = slots.length / 3 - 1;
    }

    private static int hash(int a, long b) {
        long h = b * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    /** The value for {@code (a, b)}, or {@code missing}. */
    long get(int a, long b, long missing) {
        long tag = a + 1L;
        long[] s = slots;
        int i = hash(a, b) & mask;
        while (true) {
            int at = 3 * i;
            long t = s[at];
            if (t == 0) {
                return missing;
            }
            if (t == tag && s[at + 1] == b) {
                return s[at + 2];
            }
            i = (i + 1) & mask;
        }
    }

    /** Stores {@code v} for {@code (a, b)} unless present; returns the value already present, or {@code missing}. */
    long putIfAbsent(int a, long b, long v, long missing) {
        return store(a, b, v, missing, false);
    }

    /** Stores {@code v} for {@code (a, b)}, replacing any value. */
    void put(int a, long b, long v) {
        store(a, b, v, 0, true);
    }

    private long store(int a, long b, long v, long missing, boolean replace) {
        long tag = a + 1L;
        long[] s = slots;
        int i = hash(a, b) & mask;
        while (true) {
            int at = 3 * i;
            long t = s[at];
            if (t == 0) {
                s[at] = tag;
                s[at + 1] = b;
                s[at + 2] = v;
                if (++size * 2 > mask) {
                    grow();
                }
                return missing;
            }
            if (t == tag && s[at + 1] == b) {
                long old = s[at + 2];
                if (replace) {
                    s[at + 2] = v;
                }
                return old;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        mask = slots.length / 3 - 1;
        for (int j = 0; j < old.length; j += 3) {
            if (old[j] != 0) {
                int i = hash((int) (old[j] - 1), old[j + 1]) & mask;
                while (slots[3 * i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[3 * i] = old[j];
                slots[3 * i + 1] = old[j + 1];
                slots[3 * i + 2] = old[j + 2];
            }
        }
    }
}
