package io.casharness.grpc;

import io.casharness.store.CasStore;
import io.casharness.store.Conflict;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.StoredObject;
import io.casharness.store.WriteCondition;
import java.util.Optional;

/**
 * Mode {@code one-attempt}: the seed's merged update handler. An {@code Update} reads the current object, compares
 * the client's expected version with it (ABORTED with the current version, or absent, when they differ, without
 * writing), then writes once, conditionally at the expected version; a write that loses the race between that read
 * and the write is ABORTED too. Nothing is retried in the gateway: every conflict reaches the client, which retries
 * with a fresh read of its own. The read is an early answer, not a safeguard: the conditional write alone decides,
 * so the mode keeps every promise of {@code reference} (docs/gateway-modes.md). Create, put and delete are
 * {@code reference}'s.
 *
 * <p>Stateless and thread-safe.
 */
public final class OneAttemptHandler implements GatewayHandler {
    public static final String MODE = "one-attempt";

    @Override
    public String mode() {
        return MODE;
    }

    @Override
    public PutOutcome update(CasStore store, ObjectSpec spec, long expectedVersion) {
        if (expectedVersion < 1) {
            throw new IllegalArgumentException("expected_version must be >= 1, was " + expectedVersion);
        }
        Optional<StoredObject> current = store.get(spec.key());
        if (current.isEmpty()) {
            return Conflict.absent(spec.key(), expectedVersion);
        }
        long version = current.get().resourceVersion();
        if (version != expectedVersion) {
            return Conflict.at(spec.key(), expectedVersion, version);
        }
        return store.put(spec, WriteCondition.matchVersion(expectedVersion));
    }

    @Override
    public String toString() {
        return MODE;
    }
}
