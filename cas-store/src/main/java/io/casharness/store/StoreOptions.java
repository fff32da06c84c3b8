package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * Options every store takes. Immutable and thread-safe; validated on construction.
 *
 * @param replicaName a name for reports and errors, for example {@code replica-2}
 * @param maxPayloadBytes the largest payload accepted: 0 to {@value #MAX_PAYLOAD_BOUND}
 * @param clock the source of created/updated timestamps
 * @param basisCacheBytes how many payload and label bytes a replica may keep of objects it read or wrote, to start
 *     an {@code update} from without a read (see {@link UpdateSteps}): 0 (off) to {@value #MAX_BASIS_CACHE_BOUND};
 *     stores without such a cache ignore it
 * @param updateTurns whether the threads of one replica take turns per key in {@code update} (first come, first
 *     served), so that they never conflict with each other and only other replicas cause retries; stores without
 *     turns ignore it, and so does the SQLite store (its write lock already orders writers, for microseconds)
 */
public record StoreOptions(
        String replicaName, int maxPayloadBytes, Clock clock, long basisCacheBytes, boolean updateTurns) {

    /** 64 MiB: the upper bound for {@code maxPayloadBytes}. */
    public static final int MAX_PAYLOAD_BOUND = 64 << 20;

    /** 8 MiB: the default {@code basisCacheBytes}. */
    public static final long DEFAULT_BASIS_CACHE_BYTES = 8L << 20;

    /** 1 GiB: the upper bound for {@code basisCacheBytes}. */
    public static final long MAX_BASIS_CACHE_BOUND = 1L << 30;

    public StoreOptions {
        requireNonNull(replicaName, "replicaName");
        requireNonNull(clock, "clock");
        if (replicaName.isBlank()) {
            throw new IllegalArgumentException("replicaName must not be blank");
        }
        if (maxPayloadBytes < 0 || maxPayloadBytes > MAX_PAYLOAD_BOUND) {
            throw new IllegalArgumentException(
                    "maxPayloadBytes must be between 0 and " + MAX_PAYLOAD_BOUND + ", was " + maxPayloadBytes);
        }
        if (basisCacheBytes < 0 || basisCacheBytes > MAX_BASIS_CACHE_BOUND) {
            throw new IllegalArgumentException(
                    "basisCacheBytes must be between 0 and " + MAX_BASIS_CACHE_BOUND + ", was " + basisCacheBytes);
        }
    }

    /** Options with the default basis cache ({@value #DEFAULT_BASIS_CACHE_BYTES} bytes) and update turns on. */
    public StoreOptions(String replicaName, int maxPayloadBytes, Clock clock) {
        this(replicaName, maxPayloadBytes, clock, DEFAULT_BASIS_CACHE_BYTES, true);
    }

    /** Replica {@code replica-1}, 1 MiB payloads, the UTC system clock, an 8 MiB basis cache, update turns on. */
    public static StoreOptions defaults() {
        return new StoreOptions("replica-1", Limits.DEFAULT_MAX_PAYLOAD_BYTES, Clock.systemUTC());
    }

    public StoreOptions withReplicaName(String name) {
        return new StoreOptions(name, maxPayloadBytes, clock, basisCacheBytes, updateTurns);
    }

    public StoreOptions withMaxPayloadBytes(int bytes) {
        return new StoreOptions(replicaName, bytes, clock, basisCacheBytes, updateTurns);
    }

    public StoreOptions withClock(Clock newClock) {
        return new StoreOptions(replicaName, maxPayloadBytes, newClock, basisCacheBytes, updateTurns);
    }

    /** With another basis cache size; 0 turns the cache off (every update starts with a read). */
    public StoreOptions withBasisCacheBytes(long bytes) {
        return new StoreOptions(replicaName, maxPayloadBytes, clock, bytes, updateTurns);
    }

    /** With update turns on or off; off, every thread of the replica races the others on the same key. */
    public StoreOptions withUpdateTurns(boolean turns) {
        return new StoreOptions(replicaName, maxPayloadBytes, clock, basisCacheBytes, turns);
    }
}
