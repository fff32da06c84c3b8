package io.casharness.scenario;

import static java.util.Objects.requireNonNull;

/**
 * Who runs against the database: {@code replicas} store instances (each with its own pool), {@code threads} worker
 * threads in each, over {@code keys} objects chosen with {@code skew}. Immutable; validated on construction.
 *
 * @param replicas 1 to {@value #MAX_REPLICAS}
 * @param threads threads per replica, 1 to {@value #MAX_THREADS}
 * @param keys objects the workload spreads over, 1 to {@value #MAX_KEYS}
 * @param skew how keys are chosen
 */
public record Topology(int replicas, int threads, int keys, Skew skew) {
    public static final int MAX_REPLICAS = 64;
    public static final int MAX_THREADS = 64;
    public static final int MAX_KEYS = 1_000_000;

    public Topology {
        if (replicas < 1 || replicas > MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be between 1 and " + MAX_REPLICAS + ", was " + replicas);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException(
                    "threads per replica must be between 1 and " + MAX_THREADS + ", was " + threads);
        }
        if (keys < 1 || keys > MAX_KEYS) {
            throw new IllegalArgumentException("keys must be between 1 and " + MAX_KEYS + ", was " + keys);
        }
        requireNonNull(skew, "skew");
    }

    /** 4 replicas x 2 threads over 8 keys, Zipfian 1.1: enough collisions to exercise every race in seconds. */
    public static Topology defaults() {
        return new Topology(4, 2, 8, Skew.zipfian(1.1));
    }

    /** Worker processes: replicas x threads. */
    public int processes() {
        return replicas * threads;
    }

    public Topology withReplicas(int r) {
        return new Topology(r, threads, keys, skew);
    }

    public Topology withThreads(int t) {
        return new Topology(replicas, t, keys, skew);
    }

    public Topology withKeys(int k) {
        return new Topology(replicas, threads, k, skew);
    }

    public Topology withSkew(Skew s) {
        return new Topology(replicas, threads, keys, s);
    }
}
