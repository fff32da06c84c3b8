package io.casharness.scenario;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Derives independent, replayable random streams from a run's seed. Each worker process gets two streams: one for
 * its choices (key, op mix) and one for retry jitter. They are separate so that a different number of retries
 * (which depends on timing) never shifts the choices that follow: same seed, same key and op sequence.
 */
public final class Seeds {
    /** The stream a process draws its keys and op mix from. */
    public static final int CHOICES = 0;
    /** The stream a process's retry backoff draws jitter from. */
    public static final int JITTER = 1;

    private Seeds() {}

    /** A fresh generator for {@code (seed, process, stream)}. Not thread-safe: one per thread. */
    public static RandomGenerator forProcess(long seed, int process, int stream) {
        return new SplittableRandom(mix(mix(seed) ^ mix(0x5DEECE66DL * (process + 1) + stream)));
    }

    /** A seed from the wall clock, for runs that were not given one. */
    public static long fresh() {
        return mix(System.nanoTime() ^ System.currentTimeMillis());
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
