package io.casharness.scenario.check.rules;

/**
 * The checker's index of versions, without boxing: for each {@code (key, version)} the op that produced it and the
 * group of writes that started from it. Open addressing; each slot is four adjacent longs ({@code key + 1}, version,
 * producer op + 1, group), so a probe touches one cache line, and the write of a version and the later writes from
 * it share a slot.
 *
 * <p>With {@code global} (versions unique across keys), positive versions are placed by version alone, so every
 * slot holding one version sits in one probe run: inserting finds a producer of the same version on another key in
 * the same probe ({@link #otherKeyProducer()}).
 *
 * <p>Slot numbers are valid until the next {@link #slot} call (which may grow the table). Not thread-safe.
 */
final class VersionIndex {
    private static final int STRIDE = 4;

    private final boolean global;
    private long[] s;
    private int mask;
    private int size;
    private int otherKeyProducer = -1;

    VersionIndex(int expected, boolean global) {
        this.global = global;
        int slots = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        s = new long[STRIDE * slots];
        mask = slots - 1;
    }

    private int home(int key, long version) {
        long h = global && version > 0
                ? version * 0x9E3779B97F4A7C15L
                : version * 0x9E3779B97F4A7C15L + key * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The slot of {@code (key, version)}, or -1. */
    int find(int key, long version) {
        long tag = key + 1L;
        int i = home(key, version);
        while (true) {
            int at = STRIDE * i;
            long t = s[at];
            if (t == 0) {
                return -1;
            }
            if (t == tag && s[at + 1] == version) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * The slot of {@code (key, version)}, inserted empty if absent. Sets {@link #otherKeyProducer()} to the producer
     * of {@code version} on another key met on the way (global mode), else -1.
     */
    int slot(int key, long version) {
        if ((size + 1) * 2 > mask) {
            grow();
        }
        otherKeyProducer = -1;
        long tag = key + 1L;
        int i = home(key, version);
        while (true) {
            int at = STRIDE * i;
            long t = s[at];
            if (t == 0) {
                s[at] = tag;
                s[at + 1] = version;
                size++;
                return i;
            }
            if (s[at + 1] == version) {
                if (t == tag) {
                    return i;
                }
                // per-key mode probes by (key, version), so another key's equal version can sit on the same
                // chain after a hash collision: that is no anomaly there
                if (global && s[at + 2] != 0 && otherKeyProducer < 0) {
                    otherKeyProducer = (int) s[at + 2] - 1;
                }
            }
            i = (i + 1) & mask;
        }
    }

    /** See {@link #slot}. */
    int otherKeyProducer() {
        return otherKeyProducer;
    }

    /** The op that produced the slot's version, or -1. */
    int producer(int slot) {
        return (int) s[STRIDE * slot + 2] - 1;
    }

    void producer(int slot, int op) {
        s[STRIDE * slot + 2] = op + 1L;
    }

    /** The op that produced {@code version} of {@code key}, or -1. */
    int producerOf(int key, long version) {
        int slot = find(key, version);
        return slot < 0 ? -1 : producer(slot);
    }

    /** The group word of the writes from the slot's version (0 = none). */
    long group(int slot) {
        return s[STRIDE * slot + 3];
    }

    void group(int slot, long group) {
        s[STRIDE * slot + 3] = group;
    }

    /** The group word of {@code (key, version)}, or 0. */
    long groupOf(int key, long version) {
        int slot = find(key, version);
        return slot < 0 ? 0 : group(slot);
    }

    private void grow() {
        long[] old = s;
        s = new long[old.length * 2];
        mask = s.length / STRIDE - 1;
        for (int j = 0; j < old.length; j += STRIDE) {
            if (old[j] != 0) {
                int i = home((int) (old[j] - 1), old[j + 1]);
                while (s[STRIDE * i] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, j, s, STRIDE * i, STRIDE);
            }
        }
    }
}
