package io.casharness.scenario.zoo;

import io.casharness.scenario.Hooks;
import io.casharness.scenario.PausingStore;
import io.casharness.store.Backend;
import io.casharness.store.CasStore;
import io.casharness.store.Mutation;
import io.casharness.store.NotFound;
import io.casharness.store.ObjectKey;
import io.casharness.store.ObjectSpec;
import io.casharness.store.PutOutcome;
import io.casharness.store.RetryPolicy;
import io.casharness.store.StoreOptions;
import io.casharness.store.StoredObject;
import io.casharness.store.UpdateOutcome;
import io.casharness.store.Updated;
import io.casharness.store.WriteCondition;
import io.casharness.store.Written;
import java.util.Optional;
import java.util.Set;

/**
 * <b>blind-write</b>: an update implemented as read, modify, then an <em>unconditional</em> write — the
 * {@code repository.save(entity)} of an ORM without a {@code @Version} column, or {@code PUT} without
 * {@code If-Match}. Two replicas that read the same version both write; the second erases the first. Caught by
 * {@code lost-update} on the append workload (two committed updates from one base; tokens missing at the end).
 */
public final class BlindWrite extends ZooMember {
    public BlindWrite() {
        super(
                "blind-write",
                "update = read + modify + unconditional write (no version check at all)",
                "append",
                Set.of("memory", "sqlite", "postgres"),
                "lost-update");
    }

    @Override
    public CasStore open(Backend backend, StoreOptions options, int replica, Hooks hooks) {
        return new Store(PausingStore.wrap(backend.openReplica(options), replica, hooks));
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
