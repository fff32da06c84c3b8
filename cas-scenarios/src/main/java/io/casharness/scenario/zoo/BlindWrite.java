package io.casharness.scenario.zoo;

import io.casharness.store.CasStore;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.Optional;

/**
 * <b>blind-write</b>: an update implemented as read, modify, then an <em>unconditional</em> write — the
 * {@code repository.save(entity)} of an ORM without a {@code @Version} column, or {@code PUT} without
 * {@code If-Match}. Two replicas that read the same version both write; the second erases the first. Caught by
 * {@code lost-update} on the append workload (two committed updates from one base; tokens missing at the end).
 */
public final class BlindWrite extends ApplicationMistake {
    public BlindWrite() {
        super(
                "blind-write",
                "update = read + modify + unconditional write (no version check at all)",
                "append",
                "lost-update");
    }

    @Override
    public CasStore wrap(CasStore replica) {
        return new Store(replica);
    }

    private static final class Store extends ForwardingStore {
        Store(CasStore delegate) {
            super(delegate, "blind-write");
        }

        @Override
        public UpdateOutcome update(ObjectKey key, Mutation mutation, RetryPolicy policy) {
            Optional<StoredObject> read = delegate.get(key);
            if (read.isEmpty()) {
                return new NotFound(key);
            }
            ObjectSpec next = mutation.apply(read.get());
            // the mistake: the version read is never sent back
            PutOutcome outcome = delegate.put(next, WriteCondition.unconditional());
            return new Updated(((Written) outcome).object(), 1, 0);
        }
    }
}
