package io.casharness.grpc;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.Optional;

/**
 * Modes {@code sentinel}, {@code sentinel-retry3} and {@code sentinel-retry5}: the seed's "expected version 0 = use
 * current". An {@code Update} with {@code expected_version} 0 makes the handler read the current version and write
 * conditionally at it; a non-zero expected version is {@code reference}'s single conditional write, ABORTED on a
 * conflict and never retried here (the client's read is stale, and only the client can re-apply its change to a
 * fresh read).
 *
 * <p>With 0 the handler makes up to {@link #maxAttempts()} attempts of its own read → conditional write (1 for
 * {@code sentinel}; {@code maxAttempts} counts the first: {@code sentinel-retry3} is 1 + 2 retries); each conflict
 * is followed by a fresh read and a write of the same payload at the version just read. When every attempt
 * conflicted the answer is ABORTED with the version the last attempt lost to; an object absent at the read is
 * NOT_FOUND (which a client reads as a conflict with an absent object), one deleted between the read and the write
 * is ABORTED absent.
 *
 * <p><b>What 0 protects, and what it does not.</b> The payload of an update is a whole-object replacement the client
 * computed from a read of its own. The conditional write protects only the handler's own read → write: no write
 * that commits inside that window is overwritten, and the version the answer carries is the one written. Nothing
 * protects the client's read: every write committed between it and the handler's read is silently replaced by a
 * payload computed without it — a lost update, which the checker reports as two acknowledged updates from one base.
 * Retrying makes 0 an unconditional write with extra round trips: where {@code sentinel} at least answers ABORTED
 * when another write lands inside its own window, {@code sentinel-retry3} and {@code -retry5} overwrite that write
 * too. The retry is sound only with respect to what the client asked for (a client that sends 0 has given up the
 * version check); it is never applied to a real expected version. docs/gateway-modes.md measures it.
 *
 * <p>Immutable and thread-safe.
 */
public final class SentinelHandler implements GatewayHandler {
    /** The expected version that means "whatever is current". */
    public static final long USE_CURRENT = 0;

    public static final int MAX_ATTEMPTS_BOUND = 100;

    private final int maxAttempts;

    /**
     * @param maxAttempts attempts of the read → conditional write with expected version 0, counting the first: 1 to
     *     {@link #MAX_ATTEMPTS_BOUND}
     * @throws IllegalArgumentException naming the value and the bound
     */
    public SentinelHandler(int maxAttempts) {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_BOUND) {
            throw new IllegalArgumentException(
                    "sentinel maxAttempts must be between 1 and " + MAX_ATTEMPTS_BOUND + ", was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /** {@code sentinel} for one attempt, else {@code sentinel-retryN}. */
    public static String modeName(int maxAttempts) {
        return maxAttempts == 1 ? "sentinel" : "sentinel-retry" + maxAttempts;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String mode() {
        return modeName(maxAttempts);
    }

    @Override
    public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
        if (expectedVersion < USE_CURRENT) {
            throw new IllegalArgumentException(
                    "expected_version must be 0 (use current) or >= 1 in mode " + mode() + ", was " + expectedVersion);
        }
        if (expectedVersion != USE_CURRENT) {
            return GatewayHandler.super.update(store, spec, expectedVersion);
        }
        PutOutcome outcome = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Optional<StoredObject> current = store.get(spec.key());
            if (current.isEmpty()) {
                if (outcome != null) {
                    // deleted after an earlier attempt lost: the answer is the conflict that attempt met, now absent
                    return Conflict.absent(spec.key(), ((Conflict) outcome).expectedVersion());
                }
                throw StatusMapping.notFound(spec.key());
            }
            outcome = store.put(spec, WriteCondition.matchVersion(current.get().resourceVersion()));
            if (!(outcome instanceof Conflict c) || c.isAbsent()) {
                return outcome;
            }
        }
        return outcome;
    }

    @Override
    public String toString() {
        return mode();
    }
}
