package io.casharness.store;

import static java.util.Objects.requireNonNull;

import java.time.Clock;

/**
 * Options every store takes. Immutable and thread-safe; validated on construction.
 *
 * @param replicaName a name for reports and errors, for example {@code replica-2}
 * @param maxPayloadBytes the largest payload accepted: 0 to {@value #MAX_PAYLOAD_BOUND}
 * @param clock the source of created/updated timestamps
 */
public record StoreOptions(String replicaName, int maxPayloadBytes, Clock clock) {

    /** 64 MiB: the upper bound for {@code maxPayloadBytes}. */
    public static final int MAX_PAYLOAD_BOUND = 64 << 20;

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
    }

    /** Replica {@code replica-1}, 1 MiB payloads, the UTC system clock. */
    public static StoreOptions defaults() {
        return new StoreOptions("replica-1", Limits.DEFAULT_MAX_PAYLOAD_BYTES, Clock.systemUTC());
    }

    public StoreOptions withReplicaName(String name) {
        return new StoreOptions(name, maxPayloadBytes, clock);
    }

    public StoreOptions withMaxPayloadBytes(int bytes) {
        return new StoreOptions(replicaName, bytes, clock);
    }

    public StoreOptions withClock(Clock newClock) {
        return new StoreOptions(replicaName, maxPayloadBytes, newClock);
    }
}
