package io.casharness.grpc;

import io.casharness.store.CasStore;
import io.casharness.store.DeleteOutcome;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.WriteCondition;
import java.util.OptionalLong;

/**
 * What a gateway replica does with each write before it answers: the place where a service's own mistakes live
 * (a handler that retries a conflict with the stale payload, or answers a conflict with success), and where the
 * documented gateway modes differ. The reference handler passes each request to the store as one conditional write.
 *
 * <p>Implementations must be thread-safe: one handler serves every call of a replica.
 */
public interface GatewayHandler {

    /** The mode's name, reported by {@code Describe} and in verdicts. */
    String mode();

    /** {@code Create}: a must-create write. */
    default PutOutcome create(CasStore store, ObjectSpec spec) {
        return store.put(spec, WriteCondition.mustCreate());
    }

    /** {@code Update}: a write only at {@code expectedVersion}. */
    default PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expected_version must be >= 1, was " + expectedVersion);
        }
        return store.put(spec, WriteCondition.matchVersion(expectedVersion));
    }

    /** {@code Put}: a write whatever the current version. */
    default PutOutcome put(CasStore store, ObjectSpec spec) {
        return store.put(spec, WriteCondition.unconditional());
    }

    /** {@code Delete}: at {@code expectedVersion} when given, else whatever the current version. */
    default DeleteOutcome delete(CasStore store, ObjectKey key, OptionalLong expectedVersion) {
        if (expectedVersion.isPresent() && expectedVersion.getAsLong() < 1) {
            throw new IllegalArgumentException(
                    "expected_version must be >= 1 when set, was " + expectedVersion.getAsLong());
        }
        return store.delete(
                key,
                expectedVersion.isPresent()
                        ? WriteCondition.matchVersion(expectedVersion.getAsLong())
                        : WriteCondition.unconditional());
    }

    /** The reference gateway: every request is one write of the store, and its outcome is the answer. */
    static GatewayHandler reference() {
        return () -> "reference";
    }
}
