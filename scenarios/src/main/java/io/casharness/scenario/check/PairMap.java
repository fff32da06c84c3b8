package io.casharness.scenario.check;

/**
 * An open-addressing hash map from a pair {@code (int a, long b)} to a {@code long}, without boxing: the checker's
 * per-key version indexes ({@code (key, version) -> op}) live in a few of these instead of millions of objects.
 *
 * <p>{@code a} must be {@code >= 0}. Not thread-safe.
 */
final class PairMap {
    private int[] as;
    private long[] bs;
    private long[] vs;
    private int mask;
    private int size;

    PairMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    private void allocate(int cap) {
        as = new int[cap];
        bs = new long[cap];
        vs = new long[cap];
        mask = cap - 1;
    }

    private static int hash(int a, long b) {
        long h = b * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    /** The value for {@code (a, b)}, or {@code missing}. */
    long get(int a, long b, long missing) {
        int tag = a + 1;
        int i = hash(a, b) & mask;
        while (true) {
            int t = as[i];
            if (t == 0) {
                return missing;
            }
            if (t == tag && bs[i] == b) {
                return vs[i];
            }
            i = (i + 1) & mask;
        }
    }

    /** Stores {@code v} for {@code (a, b)} unless present; returns the value already present, or {@code missing}. */
    long putIfAbsent(int a, long b, long v, long missing) {
        int tag = a + 1;
        int i = hash(a, b) & mask;
        while (true) {
            int t = as[i];
            if (t == 0) {
                as[i] = tag;
                bs[i] = b;
                vs[i] = v;
                if (++size * 2 > mask) {
                    grow();
                }
                return missing;
            }
            if (t == tag && bs[i] == b) {
                return vs[i];
            }
            i = (i + 1) & mask;
        }
    }

    /** Stores {@code v} for {@code (a, b)}, replacing any value. */
    void put(int a, long b, long v) {
        int tag = a + 1;
        int i = hash(a, b) & mask;
        while (true) {
            int t = as[i];
            if (t == 0) {
                as[i] = tag;
                bs[i] = b;
                vs[i] = v;
                if (++size * 2 > mask) {
                    grow();
                }
                return;
            }
            if (t == tag && bs[i] == b) {
                vs[i] = v;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] oa = as;
        long[] ob = bs;
        long[] ov = vs;
        allocate(oa.length << 1);
        for (int j = 0; j < oa.length; j++) {
            if (oa[j] != 0) {
                int i = hash(oa[j] - 1, ob[j]) & mask;
                while (as[i] != 0) {
                    i = (i + 1) & mask;
                }
                as[i] = oa[j];
                bs[i] = ob[j];
                vs[i] = ov[j];
            }
        }
    }
}
